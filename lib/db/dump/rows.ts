// Reads a table's rows in key order and writes each as an SQL tuple, straight
// into bytes: every value arrives as the server's bytes (CAST AS BINARY, see
// tables.ts) and is written as digits, a quoted string with MariaDB's escapes
// (\0 \n \r \Z \" \' \\, so no raw newline is ever inside a value) or X'hex'.
// The same bytes are the row's canonical serialization: a table's hash is the
// SHA-256 of `tuple,\n` for each row in key order, computed as the rows are
// read, and recomputed by verification from a restored database.
// (Escaping the bytes here rather than with the driver's escape(): decoding
// every value to a JS string and encoding it again took 2.5x as long.)
import "server-only";
import { createHash } from "node:crypto";
import type { Connection } from "mariadb";
import type { TableInfo, ValueKind } from "./tables";
import { selectRows } from "./tables";

const ESCAPES = new Uint8Array(256);
for (const [byte, letter] of [
  [0x00, "0"],
  [0x0a, "n"],
  [0x0d, "r"],
  [0x1a, "Z"],
  [0x22, '"'],
  [0x27, "'"],
  [0x5c, "\\"],
] as const) {
  ESCAPES[byte] = letter.charCodeAt(0);
}
const NULL = Buffer.from("NULL");
const QUOTE = 0x27;
const BACKSLASH = 0x5c;

/** A growable byte buffer that SQL is written into. */
export class SqlBuffer {
  bytes = Buffer.allocUnsafe(2 * 1024 * 1024);
  length = 0;

  ensure(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + extra));
    this.bytes.copy(bigger, 0, 0, this.length);
    this.bytes = bigger;
  }

  ascii(text: string): void {
    this.ensure(text.length * 3);
    this.length += this.bytes.write(text, this.length, "utf8");
  }

  byte(value: number): void {
    this.ensure(1);
    this.bytes[this.length++] = value;
  }

  raw(value: Buffer): void {
    this.ensure(value.length);
    value.copy(this.bytes, this.length);
    this.length += value.length;
  }

  quoted(value: Buffer): void {
    this.ensure(value.length * 2 + 2);
    const out = this.bytes;
    let at = this.length;
    out[at++] = QUOTE;
    let from = 0;
    for (let i = 0; i < value.length; i++) {
      const letter = ESCAPES[value[i] as number] as number;
      if (letter === 0) continue;
      if (i > from) at += value.copy(out, at, from, i);
      out[at++] = BACKSLASH;
      out[at++] = letter;
      from = i + 1;
    }
    if (value.length > from) at += value.copy(out, at, from, value.length);
    out[at++] = QUOTE;
    this.length = at;
  }

  hex(value: Buffer): void {
    this.ascii(`X'${value.toString("hex")}'`);
  }

  /** Takes what was written so far, leaving the buffer empty. */
  take(): Buffer {
    const out = Buffer.from(this.bytes.subarray(0, this.length));
    this.length = 0;
    return out;
  }
}

function writeValue(out: SqlBuffer, value: Buffer | null, kind: ValueKind): void {
  if (value === null) out.raw(NULL);
  else if (kind === "number") out.raw(value);
  else if (kind === "binary") out.hex(value);
  else out.quoted(value);
}

export interface TableScan {
  rows: number;
  /** SHA-256 of `tuple,\n` for every row in key order. */
  sha256: string;
  /** Bytes of the tuples (what the INSERT statements carry). */
  bytes: number;
}

export interface ScanOptions {
  /** Rows are handed over in batches of about this many bytes of tuples. */
  batchBytes?: number;
  /**
   * Gets each batch: `out` holds `prefix` then the batch's tuples, each followed
   * by ",\n". The scan waits for it (backpressure). Without it rows are only hashed.
   */
  onBatch?: (out: SqlBuffer) => Promise<void>;
  prefix?: string;
}

/** Reads every row of a table in key order on `conn` (inside the caller's transaction, if any). */
export function scanTable(
  conn: Connection,
  database: string,
  table: TableInfo,
  options: ScanOptions = {},
): Promise<TableScan> {
  const batchBytes = options.batchBytes ?? 1024 * 1024;
  const kinds = table.columns.map((c) => c.kind);
  const hash = createHash("sha256");
  const out = new SqlBuffer();
  let rows = 0;
  let bytes = 0;
  let start = 0;
  const begin = () => {
    out.length = 0;
    if (options.prefix) out.ascii(options.prefix);
    start = out.length;
  };
  begin();
  return new Promise<TableScan>((resolve, reject) => {
    const stream = conn.queryStream({ sql: selectRows(database, table), rowsAsArray: true });
    const flush = async () => {
      if (out.length === start) return;
      const tuples = out.bytes.subarray(start, out.length);
      hash.update(tuples);
      bytes += tuples.length;
      if (options.onBatch) await options.onBatch(out);
      begin();
    };
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      stream.destroy();
      reject(error);
    };
    stream.on("data", (row: (Buffer | null)[]) => {
      out.byte(0x28); // (
      for (let i = 0; i < row.length; i++) {
        if (i > 0) out.byte(0x2c); // ,
        writeValue(out, row[i] ?? null, kinds[i] as ValueKind);
      }
      out.ascii("),\n");
      rows++;
      if (out.length - start >= batchBytes) {
        stream.pause();
        flush().then(() => stream.resume(), fail);
      }
    });
    stream.on("error", fail);
    stream.on("end", () => {
      flush().then(() => resolve({ rows, sha256: hash.digest("hex"), bytes }), fail);
    });
  });
}
