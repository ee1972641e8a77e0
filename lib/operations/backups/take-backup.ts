// Taking one backup (a tenant's database or the landlord's), the caller
// holding the owner's operation lock: a row `running`, the file written under a
// temporary name inside one consistent snapshot and renamed when whole, its
// manifest beside it, then the row `succeeded` with the size, checksum and
// manifest. Any failure (the server, a full disk) settles the row `failed` and
// leaves no file behind.
import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import type { Connection } from "mariadb";
import { serverName } from "../../db/catalog";
import { dumpDatabase } from "../../db/dump/dump-database";
import { quoteIdentifier } from "../../db/identifiers";
import { landlord } from "../../db/landlord";
import { connect, databaseExists, type ServerConfig } from "../../db/server";
import { env } from "../../env";
import { AppError, describeError, isAppError } from "../../errors";
import { seal } from "../../keyring";
import type { Actor } from "../../platform/audit";
import { RECORD_BYTES } from "../../sealed-stream";
import { writeBackupFile, writeFileAtomically } from "./file";
import {
  BACKUP_FORMAT,
  type BackupManifest,
  dataKeyContext,
  FORMAT_VERSION,
  keyIdOf,
  type ManifestTable,
  signManifest,
} from "./manifest";
import { backupFileName, backupRoot, manifestPathOf, storedPath } from "./paths";
import { removeBackupFiles } from "./records";

export type BackupReason = "manual" | "scheduled" | "delete";

export interface BackupSubject {
  kind: "tenant" | "landlord";
  tenant: { id: string; numericId: bigint; slug: string; name: string } | null;
  database: string;
  server: ServerConfig;
  /** The folder under BACKUP_DIR. */
  folder: string;
}

export interface BackupResult {
  id: string;
  file: string;
  sizeBytes: number;
  sha256: string;
  rowCount: number;
  tables: ManifestTable[];
  durationMs: number;
  sqlBytes: number;
}

function actorLabel(actor: Actor): string {
  return `${actor.type}:${actor.label ?? actor.id ?? "unknown"}`.slice(0, 255);
}

async function appliedMigrations(conn: Connection, database: string): Promise<string[]> {
  const [exists] = await conn.query(
    "SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = '_prisma_migrations'",
    [database],
  );
  if (Number(exists?.n) === 0) return [];
  const rows: { name: string }[] = await conn.query(
    `SELECT migration_name AS name FROM ${quoteIdentifier(database)}._prisma_migrations
     WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return rows.map((r) => r.name);
}

export async function takeBackup(
  subject: BackupSubject,
  options: { actor: Actor; reason: BackupReason },
): Promise<BackupResult> {
  const started = new Date();
  const id = randomUUID();
  const dataKey = randomBytes(32);
  const sealedKey = seal(dataKey, dataKeyContext(id));
  const file = path.join(backupRoot(), subject.folder, backupFileName(started, id));
  const stored = storedPath(file);
  await landlord().tenantBackup.create({
    data: {
      id,
      kind: subject.kind,
      tenantId: subject.tenant?.id ?? null,
      slug: subject.tenant?.slug ?? null,
      databaseName: subject.database,
      server: serverName(subject.server),
      file: stored,
      dataKey: sealedKey,
      formatVersion: FORMAT_VERSION,
      reason: options.reason,
      createdBy: actorLabel(options.actor),
      startedAt: started,
    },
  });
  let conn: Connection | undefined;
  try {
    conn = await connect(subject.server);
    // An empty backup of a database that is not there would pass for a good one.
    if (!(await databaseExists(conn, subject.database))) {
      throw new AppError(
        "NOT_FOUND",
        `the database ${subject.database} does not exist on ${serverName(subject.server)}`,
      );
    }
    const [{ version }] = await conn.query("SELECT VERSION() AS version");
    let migrations: string[] = [];
    const snapshot = conn;
    const { result: dump, written } = await writeBackupFile(file, dataKey, (write) =>
      dumpDatabase(snapshot, subject.database, write, {
        comments: [
          `Tenant portal backup ${id} (format ${FORMAT_VERSION}) of database ${subject.database} on ${serverName(subject.server)}${subject.tenant ? `, tenant ${subject.tenant.slug}` : ""}.`,
          `Taken ${started.toISOString()} inside one consistent snapshot. Plain SQL: load it with \`mariadb <database> < file.sql\`.`,
        ],
        inSnapshot: async (c) => {
          migrations = await appliedMigrations(c, subject.database);
        },
        throttleMs: env().BACKUP_THROTTLE_MS,
      }),
    );
    const finished = new Date();
    const tables = dump.tables.map((t) => ({ name: t.name, rows: t.rows, sha256: t.sha256, sqlBytes: t.bytes }));
    const rowCount = tables.reduce((n, t) => n + t.rows, 0);
    const manifest: BackupManifest = signManifest(
      {
        format: BACKUP_FORMAT,
        formatVersion: FORMAT_VERSION,
        id,
        kind: subject.kind,
        tenant: subject.tenant ? { ...subject.tenant, numericId: subject.tenant.numericId.toString() } : null,
        database: subject.database,
        server: serverName(subject.server),
        serverVersion: String(version),
        migrations: { applied: migrations },
        tables,
        rowCount,
        sizes: { sqlBytes: dump.sqlBytes, fileBytes: written.bytes },
        createdAt: started.toISOString(),
        finishedAt: finished.toISOString(),
        file: { name: path.basename(file), sha256: written.sha256 },
        compression: "gzip",
        encryption: {
          algorithm: "AES-256-GCM",
          recordBytes: RECORD_BYTES,
          keyId: keyIdOf(sealedKey),
          dataKey: sealedKey,
        },
      },
      dataKey,
    );
    await writeFileAtomically(manifestPathOf(file), `${JSON.stringify(manifest, null, 2)}\n`);
    await landlord().tenantBackup.update({
      where: { id },
      data: {
        status: "succeeded",
        sizeBytes: BigInt(written.bytes),
        checksum: written.sha256,
        rowCount: BigInt(rowCount),
        manifest: JSON.parse(JSON.stringify(manifest)),
        finishedAt: finished,
      },
    });
    return {
      id,
      file: stored,
      sizeBytes: written.bytes,
      sha256: written.sha256,
      rowCount,
      tables,
      durationMs: finished.getTime() - started.getTime(),
      sqlBytes: dump.sqlBytes,
    };
  } catch (error) {
    await removeBackupFiles(stored);
    const reason = describeError(error);
    await landlord()
      .tenantBackup.update({ where: { id }, data: { status: "failed", error: reason, finishedAt: new Date() } })
      .catch(() => undefined);
    const what = subject.tenant ? `tenant ${subject.tenant.slug}` : "the landlord database";
    if (isAppError(error))
      throw new AppError(error.code, `Backup of ${what} failed: ${error.message}`, { backupId: id });
    throw new AppError("UNAVAILABLE", `Backup of ${what} failed: ${reason}`, { backupId: id });
  } finally {
    await conn?.end().catch(() => conn?.destroy());
  }
}
