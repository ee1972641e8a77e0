// Which backup a restore uses: one by id (`--backup ID`), one by its path
// relative to BACKUP_DIR (`--backup acme/2026-...sql.gz.aes`, which may not
// lead outside the folder), any file named explicitly (`--file PATH`), or the
// tenant's newest good backup. A backup that failed verification, was pruned
// or is another tenant's is refused here, before anything changes.
import "server-only";
import path from "node:path";
import { landlord } from "../../db/landlord";
import { AppError } from "../../errors";
import type { Tenant, TenantBackup } from "../../generated/landlord/client";
import { type OpenedBackup, openBackupFile } from "./load-backup";
import { absolutePath, insideRoot } from "./paths";
import { latestGoodBackup } from "./records";

export interface BackupChoice {
  backupId?: string;
  file?: string;
}

export interface LocatedBackup {
  opened: OpenedBackup;
  /** The landlord's record of it, when there is one. */
  row: TenantBackup | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function refuseBad(row: TenantBackup, tenant: Tenant): void {
  if (row.kind !== "tenant" || row.tenantId !== tenant.id) {
    throw new AppError("INVALID_INPUT", `Backup ${row.id} is not a backup of tenant ${tenant.slug}.`);
  }
  if (row.status !== "succeeded")
    throw new AppError("INVALID_STATE", `Backup ${row.id} did not succeed (${row.status}).`);
  if (row.verification === "failed") {
    throw new AppError(
      "INVALID_STATE",
      `Backup ${row.id} failed verification (${row.error ?? "see backup:list"}); choose another.`,
    );
  }
  if (row.prunedAt || !row.file) throw new AppError("INVALID_STATE", `Backup ${row.id} was pruned; its file is gone.`);
}

export async function locateBackup(tenant: Tenant, choice: BackupChoice): Promise<LocatedBackup> {
  if (choice.backupId !== undefined && choice.file !== undefined) {
    throw new AppError("INVALID_INPUT", "Give either --backup or --file, not both.");
  }
  let row: TenantBackup | null = null;
  let file: string;
  if (choice.file !== undefined) {
    file = path.resolve(choice.file);
  } else if (choice.backupId !== undefined && UUID.test(choice.backupId)) {
    row = await landlord().tenantBackup.findUnique({ where: { id: choice.backupId.toLowerCase() } });
    if (!row) throw new AppError("NOT_FOUND", `No backup ${choice.backupId}.`);
    refuseBad(row, tenant);
    file = absolutePath(row.file as string);
  } else if (choice.backupId !== undefined) {
    file = insideRoot(choice.backupId);
  } else {
    row = await latestGoodBackup(tenant.id);
    if (!row) throw new AppError("NOT_FOUND", `Tenant ${tenant.slug} has no good backup to restore.`);
    file = absolutePath(row.file as string);
  }
  const opened = await openBackupFile(file, {
    tenantId: tenant.id,
    checksum: row?.checksum ?? null,
    sealedKey: row?.dataKey ?? null,
    id: row?.id,
  });
  if (!row) {
    // A file found by path may still be one of ours: then its record's verdict counts too.
    row = await landlord().tenantBackup.findUnique({ where: { id: opened.manifest.id } });
    if (row?.verification === "failed") refuseBad(row, tenant);
  }
  return { opened, row };
}
