// What verification and restore share: opening a backup (its manifest, the
// file's SHA-256, whose backup it is), loading it into a new database, and
// comparing that database with the manifest, table by table: the same row
// count and the same hash of the rows, recomputed from the restored rows.
import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Connection } from "mariadb";
import { loadSql } from "../../db/dump/load-sql";
import { scanTable } from "../../db/dump/rows";
import { readTables } from "../../db/dump/tables";
import { quoteIdentifier } from "../../db/identifiers";
import { connect, type ServerConfig } from "../../db/server";
import { env } from "../../env";
import { AppError } from "../../errors";
import { hashFile, readBackupSql } from "./file";
import { type BackupManifest, openManifest } from "./manifest";
import { manifestPathOf } from "./paths";

export interface OpenedBackup {
  file: string;
  manifest: BackupManifest;
  dataKey: Buffer;
  bytes: number;
}

export interface Expectation {
  /** The backup must be this tenant's (a landlord backup when null). */
  tenantId?: string | null;
  /** The checksum recorded for it, when there is a row. */
  checksum?: string | null;
  id?: string;
  /** The record's sealed data key (re-sealed by keys:rotate, unlike the manifest's copy). */
  sealedKey?: string | null;
}

export async function openBackupFile(file: string, expect: Expectation = {}): Promise<OpenedBackup> {
  let text: string;
  try {
    text = await readFile(manifestPathOf(file), "utf8");
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") {
      throw new AppError("NOT_FOUND", `No manifest beside ${file} (expected ${path.basename(manifestPathOf(file))}).`);
    }
    throw error;
  }
  const { manifest, dataKey } = openManifest(text, expect.sealedKey);
  if (expect.id !== undefined && manifest.id !== expect.id) {
    throw new AppError("INVALID_INPUT", `The manifest beside ${file} is for backup ${manifest.id}, not ${expect.id}.`);
  }
  if (expect.tenantId !== undefined) {
    const owner = manifest.tenant?.id ?? null;
    if (owner !== expect.tenantId) {
      const whose = manifest.tenant
        ? `tenant ${manifest.tenant.slug} (${manifest.tenant.id})`
        : "the landlord database";
      throw new AppError("INVALID_INPUT", `This backup belongs to ${whose}, not to the tenant being restored.`);
    }
  }
  const { sha256, bytes } = await hashFile(file);
  if (sha256 !== manifest.file.sha256 || (expect.checksum && expect.checksum !== sha256)) {
    throw new AppError(
      "INVALID_INPUT",
      `The backup file ${file} has SHA-256 ${sha256}, but ${expect.checksum && expect.checksum !== sha256 ? "its record" : "its manifest"} says ${
        expect.checksum && expect.checksum !== sha256 ? expect.checksum : manifest.file.sha256
      }: it was changed or damaged.`,
    );
  }
  return { file, manifest, dataKey, bytes };
}

/** Creates `database` (it must not exist yet) and loads the backup into it. */
export async function loadInto(opened: OpenedBackup, server: ServerConfig, database: string): Promise<void> {
  const admin = await connect(server);
  try {
    await admin.query(`CREATE DATABASE ${quoteIdentifier(database)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end().catch(() => admin.destroy());
  }
  const conn = await connect(server, { database, multipleStatements: true });
  try {
    await loadSql(conn, readBackupSql(opened.file, opened.dataKey), { throttleMs: env().BACKUP_THROTTLE_MS });
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}

/** What differs between a restored database and the manifest: one line each, none when they agree. */
export async function compareWithManifest(
  server: ServerConfig,
  database: string,
  manifest: Pick<BackupManifest, "tables">,
  reuse?: Connection,
): Promise<string[]> {
  const conn = reuse ?? (await connect(server));
  try {
    const tables = await readTables(conn, database);
    const byName = new Map(tables.map((t) => [t.name, t]));
    const problems: string[] = [];
    for (const expected of manifest.tables) {
      const table = byName.get(expected.name);
      if (!table) {
        problems.push(`table ${expected.name} is missing`);
        continue;
      }
      byName.delete(expected.name);
      const scan = await scanTable(conn, database, table);
      if (scan.rows !== expected.rows)
        problems.push(`table ${expected.name}: ${scan.rows} rows, the manifest says ${expected.rows}`);
      else if (scan.sha256 !== expected.sha256)
        problems.push(`table ${expected.name}: its rows differ from the backup's (hash)`);
    }
    for (const extra of byName.keys()) problems.push(`table ${extra} is not in the manifest`);
    return problems;
  } finally {
    if (!reuse) await conn.end().catch(() => conn.destroy());
  }
}
