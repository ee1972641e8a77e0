// Loads a backup's SQL (dump-database.ts) into a database: the stream is cut
// at the statement ends the writer made (";\n", never inside a value) and sent
// in multi-statement queries of a few MiB on one connection. A stream that
// stops before the writer's last line is refused: a cut-short file never
// counts as loaded.
import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { Connection } from "mariadb";
import { AppError } from "../../errors";
import { END_OF_BACKUP } from "./dump-database";

const BOUNDARY = Buffer.from(";\n");
const QUERY_BYTES = 4 * 1024 * 1024;

export interface LoadOptions {
  /** For tests: a pause after every query sent. */
  throttleMs?: number;
  onProgress?: (bytes: number) => void;
}

/** Runs the SQL of `source` on `conn` (a multi-statement connection with the target database selected). */
export async function loadSql(
  conn: Connection,
  source: AsyncIterable<Buffer>,
  options: LoadOptions = {},
): Promise<{ bytes: number }> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let loaded = 0;
  let tail = Buffer.alloc(0);

  const send = async (sql: Buffer) => {
    if (sql.length === 0) return;
    await conn.query(sql.toString("utf8"));
    loaded += sql.length;
    options.onProgress?.(loaded);
    if (options.throttleMs) await sleep(options.throttleMs);
  };

  for await (const chunk of source) {
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes < QUERY_BYTES) continue;
    const all = Buffer.concat(pending, pendingBytes);
    const cut = all.lastIndexOf(BOUNDARY);
    if (cut < 0) {
      pending = [all];
      continue;
    }
    await send(all.subarray(0, cut + BOUNDARY.length));
    const rest = all.subarray(cut + BOUNDARY.length);
    pending = [rest];
    pendingBytes = rest.length;
  }
  const all = Buffer.concat(pending, pendingBytes);
  const cut = all.lastIndexOf(BOUNDARY);
  if (cut >= 0) await send(all.subarray(0, cut + BOUNDARY.length));
  tail = cut >= 0 ? all.subarray(cut + BOUNDARY.length) : all;
  if (tail.toString("utf8").trim() !== END_OF_BACKUP) {
    throw new AppError("INVALID_INPUT", "The backup's SQL stops before its end: the file is incomplete.");
  }
  return { bytes: loaded };
}
