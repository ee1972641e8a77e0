// An output sink that keeps what the command line writes, for tests (and for
// callers that want the report as text).
import type { Io, Sink } from "./output";

export interface Captured {
  io: Io;
  stdout(): string;
  stderr(): string;
}

export function captureIo(options: { tty?: boolean; columns?: number } = {}): Captured {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (chunks: string[]): Sink => ({
    write: (chunk: string) => chunks.push(chunk),
    isTTY: options.tty ?? false,
    columns: options.columns,
  });
  return { io: { stdout: sink(out), stderr: sink(err) }, stdout: () => out.join(""), stderr: () => err.join("") };
}
