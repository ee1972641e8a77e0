// The one migration runner: applies a folder of Prisma-layout migrations
// (<dir>/<name>/migration.sql) to a named database over raw SQL. It keeps
// Prisma's own `_prisma_migrations` table (sha256 checksums), so `prisma
// migrate status` reads the same history. Serves the landlord and every tenant.
import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Connection } from "mariadb";
import { AppError, describeError } from "../errors";
import { quoteIdentifier } from "./identifiers";
import { connect, type ServerConfig } from "./server";

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationRecord {
  id: string;
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  /** Applied migrations whose file has changed since. */
  changed: string[];
  /** Migrations that started and did not finish (and were not rolled back). */
  failed: { name: string; logs: string | null }[];
  /** Applied migrations with no file in the folder. */
  unknown: string[];
}

export interface MigrateResult {
  database: string;
  applied: string[];
  skipped: number;
}

export const MIGRATIONS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  checksum VARCHAR(64) NOT NULL,
  finished_at DATETIME(3) NULL,
  migration_name VARCHAR(255) NOT NULL,
  logs TEXT NULL,
  rolled_back_at DATETIME(3) NULL,
  started_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  applied_steps_count INT UNSIGNED NOT NULL DEFAULT 0
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`;

export const LANDLORD_MIGRATIONS = path.resolve(process.cwd(), "prisma/landlord/migrations");
export const TENANT_MIGRATIONS = path.resolve(process.cwd(), "prisma/tenant/migrations");

const folderCache = new Map<string, Promise<MigrationFile[]>>();

/** The migrations of a folder in order. Read once per process unless `fresh`. */
export function readMigrations(dir: string, fresh = false): Promise<MigrationFile[]> {
  let files = fresh ? undefined : folderCache.get(dir);
  if (!files) {
    files = loadFolder(dir);
    folderCache.set(dir, files);
    files.catch(() => folderCache.delete(dir));
  }
  return files;
}

async function loadFolder(dir: string): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

export function statusOf(files: MigrationFile[], records: MigrationRecord[]): MigrationStatus {
  const status: MigrationStatus = { applied: [], pending: [], changed: [], failed: [], unknown: [] };
  const live = records.filter((r) => r.rolled_back_at === null);
  for (const file of files) {
    const mine = live.filter((r) => r.migration_name === file.name);
    const done = mine.find((r) => r.finished_at !== null);
    const failed = mine.find((r) => r.finished_at === null);
    if (done) {
      status.applied.push(file.name);
      if (done.checksum !== file.checksum) status.changed.push(file.name);
    } else if (failed) {
      status.failed.push({ name: file.name, logs: failed.logs });
    } else {
      status.pending.push(file.name);
    }
  }
  const known = new Set(files.map((f) => f.name));
  for (const r of live) {
    if (r.finished_at !== null && !known.has(r.migration_name)) status.unknown.push(r.migration_name);
  }
  return status;
}

/** Reads the state of a database without changing it. A missing database or table counts as nothing applied. */
export async function migrationStatus(
  server: ServerConfig,
  database: string,
  dir: string,
  conn?: Connection,
  /** Whether the database has `_prisma_migrations`, when the caller knows (fleet reports ask once per server). */
  tracked?: boolean,
): Promise<MigrationStatus> {
  const files = await readMigrations(dir);
  const own = conn ? undefined : await connect(server);
  const c = conn ?? (own as Connection);
  try {
    const exists =
      tracked ??
      (
        (await c.query(
          "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = '_prisma_migrations'",
          [database],
        )) as unknown[]
      ).length > 0;
    if (!exists) return statusOf(files, []);
    const records: MigrationRecord[] = await c.query(
      `SELECT id, migration_name, checksum, finished_at, rolled_back_at, logs FROM ${quoteIdentifier(database)}._prisma_migrations ORDER BY started_at, migration_name`,
    );
    return statusOf(files, records);
  } finally {
    await own?.end();
  }
}

export interface MigrateOptions {
  server: ServerConfig;
  database: string;
  dir: string;
  /** Create the database first when it does not exist. */
  create?: boolean;
  /** How long to wait for another runner working on the same database. */
  lockTimeoutSeconds?: number;
  /** A connection to use (with multipleStatements); otherwise one is opened and closed. */
  conn?: Connection;
}

/**
 * Applies the pending migrations of `dir` to `database`. Refuses to start when an
 * applied file has changed or an earlier migration failed; records a failure with
 * its error and stops there. Two runners on one database take turns (GET_LOCK).
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const { server, database, dir } = options;
  const files = await readMigrations(dir);
  const conn = options.conn ?? (await connect(server, { multipleStatements: true }));
  const lock = migrationLockName(database);
  let locked = false;
  try {
    // One round trip: database, lock, table, history. (A timed-out lock still
    // lets the harmless reads after it run; nothing is applied without it.)
    const results = await conn.query(
      [
        options.create
          ? `CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(database)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`
          : "DO 0",
        `USE ${quoteIdentifier(database)}`,
        `SELECT GET_LOCK(${conn.escape(lock)}, ${Number(options.lockTimeoutSeconds ?? 60)}) AS got`,
        MIGRATIONS_TABLE_SQL,
        "SELECT id, migration_name, checksum, finished_at, rolled_back_at, logs FROM _prisma_migrations ORDER BY started_at, migration_name",
      ].join(";\n"),
    );
    const [lockRow] = results[2] as { got: unknown }[];
    if (Number(lockRow?.got) !== 1) {
      throw new AppError("MIGRATION", `Another migration runner is holding ${database}; gave up waiting for it.`, {
        database,
      });
    }
    locked = true;
    const status = statusOf(files, results[4] as MigrationRecord[]);
    refuseUnsafe(database, status);
    const pending = files.filter((f) => status.pending.includes(f.name));
    if (pending.length > 0) await applyBatch(conn, database, pending);
    return { database, applied: pending.map((f) => f.name), skipped: files.length - pending.length };
  } finally {
    if (locked) await conn.query("SELECT RELEASE_LOCK(?)", [lock]).catch(() => undefined);
    if (!options.conn) await conn.end().catch(() => undefined);
  }
}

function refuseUnsafe(database: string, status: MigrationStatus): void {
  const [changed] = status.changed;
  if (changed) {
    throw new AppError(
      "MIGRATION",
      `Migration ${changed} was applied to ${database} but its file has changed since (checksum differs). ` +
        "Restore the original file and put the change in a new migration.",
      { database, migration: changed, reason: "changed" },
    );
  }
  const [failed] = status.failed;
  if (failed) {
    throw new AppError(
      "MIGRATION",
      `Migration ${failed.name} failed earlier on ${database} and may be half applied: ${failed.logs ?? "no log"}. ` +
        `Repair the database, then mark it rolled back (npm run db:migrate -- --rolled-back ${failed.name}).`,
      { database, migration: failed.name, reason: "failed-earlier" },
    );
  }
}

/**
 * Applies pending migrations in one multi-statement round trip, each between
 * its own history insert and update, exactly as one at a time would record
 * them. Statements stop at the first error: the record left unfinished is the
 * migration that failed, and gets the error in its logs.
 */
async function applyBatch(conn: Connection, database: string, files: MigrationFile[]): Promise<void> {
  const ids = files.map(() => randomUUID());
  const script = files
    .map((file, i) => {
      const id = conn.escape(ids[i]);
      // No placeholders here: migration SQL may contain "?" of its own.
      return [
        `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES (${id}, ${conn.escape(file.checksum)}, ${conn.escape(file.name)}, NOW(3), 0)`,
        // A trailing comment or semicolon in the file must not swallow what follows.
        file.sql.trimEnd().replace(/;+$/, ""),
        `UPDATE _prisma_migrations SET finished_at = NOW(3), applied_steps_count = 1 WHERE id = ${id}`,
      ].join("\n;\n");
    })
    .join("\n;\n");
  try {
    await conn.query(script);
  } catch (error) {
    const message = describeError(error);
    const [unfinished] = await conn.query(
      "SELECT id, migration_name FROM _prisma_migrations WHERE id IN (?) AND finished_at IS NULL",
      [ids],
    );
    const name = (unfinished as { migration_name?: string } | undefined)?.migration_name ?? files[0]?.name;
    if (unfinished) await conn.query("UPDATE _prisma_migrations SET logs = ? WHERE id = ?", [message, unfinished.id]);
    throw new AppError("MIGRATION", `Migration ${name} failed on ${database}: ${message}`, {
      database,
      migration: name,
      reason: "failed",
    });
  }
}

/** Marks a failed migration rolled back (as `prisma migrate resolve --rolled-back`), so the next run applies it again. */
export async function markRolledBack(server: ServerConfig, database: string, name: string): Promise<boolean> {
  const conn = await connect(server, { database });
  try {
    const result = await conn.query(
      "UPDATE _prisma_migrations SET rolled_back_at = NOW(3) WHERE migration_name = ? AND finished_at IS NULL AND rolled_back_at IS NULL",
      [name],
    );
    return Number(result.affectedRows) > 0;
  } finally {
    await conn.end();
  }
}

/** The named lock the runner takes on a database (a restore holds it while it swaps the database). */
// GET_LOCK names are at most 64 characters.
export function migrationLockName(database: string): string {
  return `migrate:${createHash("sha1").update(database).digest("hex")}`;
}
