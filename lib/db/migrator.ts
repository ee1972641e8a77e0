// The one migration runner: applies a folder of Prisma-layout migrations
// (<dir>/<name>/migration.sql) to a named database over raw SQL. It keeps
// Prisma's own `_prisma_migrations` table (sha256 checksums), so `prisma
// migrate status` reads the same history. Serves the landlord and every tenant.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Connection } from "mariadb";
import { AppError, errorMessage } from "../errors";
import { connect, createDatabase, quoteIdentifier, type ServerConfig } from "./server";

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

async function readRecords(conn: Connection): Promise<MigrationRecord[]> {
  return conn.query(
    "SELECT id, migration_name, checksum, finished_at, rolled_back_at, logs FROM _prisma_migrations ORDER BY started_at, migration_name",
  );
}

/** Reads the state of a database without changing it. A missing database or table counts as nothing applied. */
export async function migrationStatus(
  server: ServerConfig,
  database: string,
  dir: string,
  conn?: Connection,
): Promise<MigrationStatus> {
  const files = await readMigrations(dir);
  const own = conn ? undefined : await connect(server);
  const c = conn ?? (own as Connection);
  try {
    const exists: unknown[] = await c.query(
      "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = '_prisma_migrations'",
      [database],
    );
    if (exists.length === 0) return statusOf(files, []);
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
}

/**
 * Applies the pending migrations of `dir` to `database`. Refuses to start when an
 * applied file has changed or an earlier migration failed; records a failure with
 * its error and stops there. Two runners on one database take turns (GET_LOCK).
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const { server, database, dir } = options;
  const files = await readMigrations(dir);
  const conn = await connect(server, { multipleStatements: true });
  const lock = lockName(database);
  let locked = false;
  try {
    if (options.create) await createDatabase(conn, database);
    await conn.query(`USE ${quoteIdentifier(database)}`);
    const [row] = await conn.query("SELECT GET_LOCK(?, ?) AS got", [lock, options.lockTimeoutSeconds ?? 60]);
    if (Number(row?.got) !== 1) {
      throw new AppError("MIGRATION", `Another migration runner is holding ${database}; gave up waiting for it.`, {
        database,
      });
    }
    locked = true;
    await conn.query(MIGRATIONS_TABLE_SQL);
    const status = statusOf(files, await readRecords(conn));
    refuseUnsafe(database, status);

    const applied: string[] = [];
    for (const file of files.filter((f) => status.pending.includes(f.name))) {
      await applyOne(conn, database, file);
      applied.push(file.name);
    }
    return { database, applied, skipped: files.length - applied.length };
  } finally {
    if (locked) await conn.query("SELECT RELEASE_LOCK(?)", [lock]).catch(() => undefined);
    await conn.end().catch(() => undefined);
  }
}

function refuseUnsafe(database: string, status: MigrationStatus): void {
  const [changed] = status.changed;
  if (changed) {
    throw new AppError(
      "MIGRATION",
      `Migration ${changed} was applied to ${database} but its file has changed since (checksum differs). ` +
        "Restore the original file and put the change in a new migration.",
      { database, migration: changed },
    );
  }
  const [failed] = status.failed;
  if (failed) {
    throw new AppError(
      "MIGRATION",
      `Migration ${failed.name} failed earlier on ${database} and may be half applied: ${failed.logs ?? "no log"}. ` +
        `Repair the database, then mark it rolled back (npm run db:migrate -- --rolled-back ${failed.name}).`,
      { database, migration: failed.name },
    );
  }
}

async function applyOne(conn: Connection, database: string, file: MigrationFile): Promise<void> {
  const id = randomUUID();
  await conn.query(
    "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, NOW(3), 0)",
    [id, file.checksum, file.name],
  );
  try {
    await conn.query(file.sql);
  } catch (error) {
    const message = sqlErrorMessage(error);
    await conn.query("UPDATE _prisma_migrations SET logs = ? WHERE id = ?", [message, id]);
    throw new AppError("MIGRATION", `Migration ${file.name} failed on ${database}: ${message}`, {
      database,
      migration: file.name,
    });
  }
  await conn.query("UPDATE _prisma_migrations SET finished_at = NOW(3), applied_steps_count = 1 WHERE id = ?", [id]);
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

// The server's own words (the driver's message repeats the whole script).
function sqlErrorMessage(error: unknown): string {
  const e = error as { code?: string; text?: string };
  return e.text ? `${e.code ?? "ERROR"}: ${e.text}` : errorMessage(error);
}

// GET_LOCK names are at most 64 characters.
function lockName(database: string): string {
  return `migrate:${createHash("sha1").update(database).digest("hex")}`;
}
