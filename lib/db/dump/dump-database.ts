// A consistent logical backup of one database, streamed by the portal itself:
// one connection, one `START TRANSACTION WITH CONSISTENT SNAPSHOT`, every
// table's definition and rows read inside it. What it writes is plain SQL that
// the `mariadb` client loads too (`mariadb <database> < backup.sql`):
//
//   header comments, SET NAMES / time_zone / foreign_key_checks / unique_checks / sql_mode
//   per table: DROP TABLE IF EXISTS; CREATE TABLE (as SHOW CREATE TABLE gave it);
//              INSERT INTO t (columns) VALUES (...),\n(...);  in batches of about 1 MiB
//   the triggers (after the rows, so loading them fires none), without their definer
//   the checks switched back on, and a last line `-- end of backup`
//
// Every statement ends with ";\n" and no value holds a raw newline, so the
// portal's own loader (load-sql.ts) can split the file there.
import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { Connection } from "mariadb";
import { AppError } from "../../errors";
import { quoteIdentifier } from "../identifiers";
import { type SqlBuffer, scanTable } from "./rows";
import { readTables, type TableInfo } from "./tables";

export const END_OF_BACKUP = "-- end of backup";

export interface TableSummary {
  name: string;
  rows: number;
  /** SHA-256 of the table's rows (rows.ts), in key order. */
  sha256: string;
  /** Bytes of its rows as SQL tuples. */
  bytes: number;
}

export interface DumpOptions {
  /** Comment lines for the top of the file. */
  comments: string[];
  /** Called once the snapshot is open (the migration history is read there). */
  inSnapshot?: (conn: Connection) => Promise<void>;
  /** For tests: a pause after every batch written. */
  throttleMs?: number;
  batchBytes?: number;
}

export interface DumpResult {
  tables: TableSummary[];
  sqlBytes: number;
}

/** Session settings of a snapshot reader: UTC timestamps, and patience with a slow consumer. */
async function openSnapshot(conn: Connection): Promise<void> {
  await conn.query(
    "SET SESSION time_zone = '+00:00', SESSION net_write_timeout = 3600, SESSION net_read_timeout = 3600",
  );
  await conn.query("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
  await conn.query("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
}

function header(comments: string[]): string {
  return [
    ...comments.map((line) => `-- ${line.replace(/[\r\n]+/g, " ")}`),
    "/*!40101 SET NAMES utf8mb4 */;",
    "SET time_zone = '+00:00';",
    "SET foreign_key_checks = 0;",
    "SET unique_checks = 0;",
    "SET sql_mode = 'NO_AUTO_VALUE_ON_ZERO';",
    "",
  ].join("\n");
}

function tableHead(table: TableInfo): string {
  const name = quoteIdentifier(table.name);
  return `\n-- table ${table.name}\nDROP TABLE IF EXISTS ${name};\n${table.createSql};\n`;
}

function insertPrefix(table: TableInfo): string {
  return `INSERT INTO ${quoteIdentifier(table.name)} (${table.columns.map((c) => quoteIdentifier(c.name)).join(", ")}) VALUES\n`;
}

/**
 * The database's triggers as statements. A body of several statements
 * (BEGIN ... END with inner semicolons) is refused rather than cut wrong:
 * neither the loader nor the `mariadb` client could split it without DELIMITER.
 * The definer is left out, so the trigger runs as whoever loads the file.
 */
async function triggersSql(conn: Connection, database: string): Promise<string> {
  const triggers: { TRIGGER_NAME: string }[] = await conn.query(
    "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? ORDER BY TRIGGER_NAME",
    [database],
  );
  let sql = "";
  for (const { TRIGGER_NAME: name } of triggers) {
    const [row]: Record<string, string>[] = await conn.query(
      `SHOW CREATE TRIGGER ${quoteIdentifier(database)}.${quoteIdentifier(name)}`,
    );
    const statement = (row?.["SQL Original Statement"] ?? "").replace(/^CREATE\s+DEFINER\s*=\s*\S+\s+/i, "CREATE ");
    if (statement.includes(";")) {
      throw new AppError(
        "INVALID_INPUT",
        `Trigger ${name} has a body of several statements, which a backup cannot hold.`,
      );
    }
    sql += `\n-- trigger ${name}\nDROP TRIGGER IF EXISTS ${quoteIdentifier(name)};\n${statement.replace(/\r?\n/g, "\n")};\n`;
  }
  return sql;
}

/**
 * Writes `database` as SQL to `write` (which resolves once the bytes are taken:
 * backpressure). The transaction is committed (it only read) before returning.
 */
export async function dumpDatabase(
  conn: Connection,
  database: string,
  write: (chunk: Buffer) => Promise<void>,
  options: DumpOptions,
): Promise<DumpResult> {
  let sqlBytes = 0;
  const emit = async (chunk: Buffer) => {
    sqlBytes += chunk.length;
    await write(chunk);
  };
  await openSnapshot(conn);
  try {
    await options.inSnapshot?.(conn);
    const tables = await readTables(conn, database);
    await emit(Buffer.from(header(options.comments)));
    const summaries: TableSummary[] = [];
    for (const table of tables) {
      await emit(Buffer.from(tableHead(table)));
      const onBatch = async (out: SqlBuffer) => {
        // The batch ends with ",\n": the last tuple's comma becomes the statement's end.
        out.bytes[out.length - 2] = 0x3b; // ;
        await emit(out.take());
        if (options.throttleMs) await sleep(options.throttleMs);
      };
      const scan = await scanTable(conn, database, table, {
        prefix: insertPrefix(table),
        batchBytes: options.batchBytes,
        onBatch,
      });
      summaries.push({ name: table.name, rows: scan.rows, sha256: scan.sha256, bytes: scan.bytes });
    }
    await emit(Buffer.from(await triggersSql(conn, database)));
    await emit(Buffer.from(`\nSET foreign_key_checks = 1;\nSET unique_checks = 1;\n${END_OF_BACKUP}\n`));
    await conn.query("COMMIT");
    return { tables: summaries, sqlBytes };
  } catch (error) {
    await conn.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
