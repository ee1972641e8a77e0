// A backup file to hand out (the console's download): the file as stored, still
// encrypted, and its manifest, which together restore anywhere the keyring is;
// or, for an operator who needs it, the plain SQL that `mariadb` loads. Each
// checks the file (against its record when there is one) before the first
// byte leaves. `sqlOfFile` needs only the file, its manifest and the keyring:
// it is how a lost landlord database comes back from its own backup.
import "server-only";
import { createReadStream } from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { landlord } from "../../db/landlord";
import { AppError } from "../../errors";
import { type Actor, audit } from "../../platform/audit";
import { readBackupSql } from "./file";
import { type OpenedBackup, openBackupFile } from "./load-backup";
import { absolutePath } from "./paths";
import { findTenantBackup } from "./records";

export interface BackupDownload {
  fileName: string;
  bytes: number;
  /** The manifest as JSON, to save beside the file. */
  manifest: string;
  stream(): Readable;
}

/** Which backups a caller may hand out: with a slug (the console's tenant page), only that tenant's. */
export interface DownloadScope {
  slug?: string;
}

async function opened(backupId: string, scope: DownloadScope): Promise<OpenedBackup> {
  const row =
    scope.slug === undefined
      ? await landlord().tenantBackup.findUnique({ where: { id: backupId } })
      : await findTenantBackup(scope.slug, backupId);
  if (!row) throw new AppError("NOT_FOUND", `No backup ${backupId}.`);
  if (row.status !== "succeeded" || !row.file || row.prunedAt) {
    throw new AppError(
      "INVALID_STATE",
      `Backup ${backupId} has no file to download (${row.prunedAt ? "pruned" : row.status}).`,
    );
  }
  return openBackupFile(absolutePath(row.file), {
    id: row.id,
    checksum: row.checksum,
    sealedKey: row.dataKey,
    tenantId: row.kind === "tenant" ? row.tenantId : null,
  });
}

/** The encrypted file and its manifest. */
export async function backupDownload(backupId: string, scope: DownloadScope = {}): Promise<BackupDownload> {
  const backup = await opened(backupId, scope);
  return {
    fileName: path.basename(backup.file),
    bytes: backup.bytes,
    manifest: `${JSON.stringify(backup.manifest, null, 2)}\n`,
    stream: () => createReadStream(backup.file),
  };
}

// Plain SQL holds every secret the database does (password hashes, sessions): each decryption is audited.
async function auditDecrypted(backup: OpenedBackup, actor: Actor): Promise<void> {
  await audit({
    actor,
    action: "tenant.backup_decrypted",
    tenantId: backup.manifest.tenant?.id ?? null,
    context: { backupId: backup.manifest.id, kind: backup.manifest.kind, file: backup.file },
  });
}

/** The backup as plain SQL (decrypted and decompressed): `mariadb <database> < it` loads it. */
export async function backupSqlStream(
  backupId: string,
  actor: Actor,
  scope: DownloadScope = {},
): Promise<{ fileName: string; stream: Readable }> {
  const backup = await opened(backupId, scope);
  await auditDecrypted(backup, actor);
  return {
    fileName: path.basename(backup.file).replace(/\.sql\.gz\.aes$/, ".sql"),
    stream: readBackupSql(backup.file, backup.dataKey),
  };
}

/** The plain SQL of any backup file beside its manifest (no landlord record needed). */
export async function sqlOfFile(
  file: string,
  actor: Actor,
): Promise<{ manifest: OpenedBackup["manifest"]; stream: Readable }> {
  const backup = await openBackupFile(path.resolve(file));
  await auditDecrypted(backup, actor);
  return { manifest: backup.manifest, stream: readBackupSql(backup.file, backup.dataKey) };
}
