// A progress bar for fleet-wide work: on a terminal, one line rewritten in
// place with \r; elsewhere (a pipe, a log file, CI) one plain line per item.
import type { Sink } from "./output";

export interface Progress {
  /** One item finished; `text` describes it (printed as a line when not on a terminal). */
  tick(text: string): void;
  /** Clears the bar (on a terminal) so the summary starts on a clean line. */
  done(): void;
}

export function progress(sink: Sink, total: number, label: string): Progress {
  let finished = 0;
  const width = String(total).length;
  if (!sink.isTTY) {
    return {
      tick(text) {
        finished++;
        sink.write(`[${String(finished).padStart(width)}/${total}] ${text}\n`);
      },
      done() {},
    };
  }
  const columns = Math.max(40, sink.columns ?? 80);
  let drawn = false;
  const draw = () => {
    const counter = ` ${String(finished).padStart(width)}/${total} ${label}`;
    const barWidth = Math.max(10, Math.min(40, columns - counter.length - 3));
    const filled = total === 0 ? barWidth : Math.round((finished / total) * barWidth);
    const line = `[${"#".repeat(filled)}${"-".repeat(barWidth - filled)}]${counter}`;
    sink.write(`\r${line.slice(0, columns - 1).padEnd(columns - 1)}`);
    drawn = true;
  };
  draw();
  return {
    tick() {
      finished++;
      draw();
    },
    done() {
      if (drawn) sink.write(`\r${" ".repeat(columns - 1)}\r`);
      drawn = false;
    },
  };
}
