// Output helpers of the command line: an output sink that tests can capture,
// aligned tables, sizes, and JSON that survives BigInt.

export interface Sink {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Io {
  stdout: Sink;
  stderr: Sink;
  /** The first line of standard input (`--password-stdin`), so a secret never sits in argv. */
  readLine?: () => Promise<string>;
}

export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, readLine: firstLineOfStdin };
}

async function firstLineOfStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes("\n")) break;
  }
  return text.split(/\r?\n/)[0] ?? "";
}

export function println(sink: Sink, text = ""): void {
  sink.write(`${text}\n`);
}

export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  align?: "left" | "right";
}

/** Rows as an aligned table under its column headers, two spaces between columns. */
export function table<Row>(columns: Column<Row>[], rows: readonly Row[]): string[] {
  const cells = rows.map((row) => columns.map((c) => c.value(row)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] ?? "").length)));
  const format = (values: string[]) =>
    values
      .map((v, i) => (columns[i]?.align === "right" ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [format(columns.map((c) => c.header)), ...cells.map(format)];
}

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** 2026-11-27 13:02 (UTC). */
export function formatDate(date: Date): string {
  return date.toISOString().slice(0, 16).replace("T", " ");
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function printJson(sink: Sink, value: unknown): void {
  println(
    sink,
    JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v), 2),
  );
}

/** Each server that did not answer, once, before a report's per-tenant lines. */
export function printDownServers(
  io: Io,
  down: readonly { name: string; label: string; reason: string; tenants: number }[],
): void {
  for (const d of down) {
    println(
      io.stderr,
      `✖ server ${d.name} (${d.label}) did not answer: ${plural(d.tenants, "tenant")} skipped. ${d.reason}`,
    );
  }
}
