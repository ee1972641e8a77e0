// The landlord's record of every backup (tenant_backups): written `running`
// before the first byte and settled `succeeded` or `failed`. A backup counts
// as good only when it succeeded, did not fail verification and still has its
// file. A `running` row whose tenant's operation lock is free was interrupted
// (the process stopped): it is settled `failed` by the next operation on that
// tenant, by prune, and shown as interrupted in listings.
import "server-only";
import { rm } from "node:fs/promises";
import { landlord } from "../../db/landlord";
import { AppError } from "../../errors";
import { normalizeSlug } from "../../platform/slugs";
import { noSuchTenant } from "../fleet";
import { landlordLock, lockHeld, tenantLock } from "./locks";
import { absolutePath, manifestPathOf, partialPathOf } from "./paths";

/** The rows that count as good backups. */
export const GOOD = { status: "succeeded", verification: { not: "failed" }, prunedAt: null } as const;

export const INTERRUPTED = "Interrupted: the process taking this backup stopped before it finished.";

/** Which backups an operation's lock covers: one tenant's, or the landlord's. */
export type BackupOwner = { kind: "tenant"; tenantId: string } | { kind: "landlord" };

function ownerWhere(owner: BackupOwner) {
  return owner.kind === "tenant"
    ? { kind: "tenant" as const, tenantId: owner.tenantId }
    : { kind: "landlord" as const };
}

/** Removes a backup's files, whole or partial (nothing there is fine). */
export async function removeBackupFiles(stored: string | null): Promise<void> {
  if (!stored) return;
  const file = absolutePath(stored);
  await Promise.all(
    [file, partialPathOf(file), manifestPathOf(file), partialPathOf(manifestPathOf(file))].map((f) =>
      rm(f, { force: true }),
    ),
  );
}

/**
 * Settles the owner's `running` backups as failed and removes their files.
 * Call it holding the owner's operation lock: then none of them can be live.
 */
export async function settleInterrupted(owner: BackupOwner): Promise<number> {
  const stale = await landlord().tenantBackup.findMany({
    where: { ...ownerWhere(owner), status: "running" },
    select: { id: true, file: true },
  });
  for (const row of stale) {
    await removeBackupFiles(row.file);
    await landlord().tenantBackup.updateMany({
      where: { id: row.id, status: "running" },
      data: { status: "failed", error: INTERRUPTED, finishedAt: new Date() },
    });
  }
  return stale.length;
}

/** Whether the owner's operation lock is held right now (a `running` backup of theirs is live). */
export function ownerBusy(owner: BackupOwner): Promise<boolean> {
  return lockHeld(owner.kind === "tenant" ? tenantLock(owner.tenantId) : landlordLock());
}

export interface BackupListing {
  id: string;
  kind: "tenant" | "landlord";
  slug: string | null;
  database: string;
  reason: string;
  status: "running" | "interrupted" | "succeeded" | "failed";
  verification: "unverified" | "passed" | "failed";
  good: boolean;
  file: string | null;
  sizeBytes: number | null;
  rowCount: number | null;
  keyId: string | null;
  createdBy: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  verifiedAt: Date | null;
  prunedAt: Date | null;
  error: string | null;
}

/** A tenant's backups (deleted tenants too), newest first: what the console lists. */
export async function listBackups(slugInput: string): Promise<BackupListing[]> {
  const slug = normalizeSlug(slugInput);
  const tenant = await landlord().tenant.findUnique({ where: { slug }, select: { id: true } });
  if (!tenant) throw noSuchTenant(slug);
  return listOwnerBackups({ kind: "tenant", tenantId: tenant.id });
}

export async function listOwnerBackups(owner: BackupOwner): Promise<BackupListing[]> {
  const rows = await landlord().tenantBackup.findMany({
    where: ownerWhere(owner),
    orderBy: { startedAt: "desc" },
  });
  const live = rows.some((r) => r.status === "running") ? await ownerBusy(owner) : false;
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    slug: row.slug,
    database: row.databaseName,
    reason: row.reason,
    status: row.status === "running" && !live ? "interrupted" : row.status,
    verification: row.verification,
    good: row.status === "succeeded" && row.verification !== "failed" && row.prunedAt === null,
    file: row.file,
    sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes),
    rowCount: row.rowCount === null ? null : Number(row.rowCount),
    keyId: row.dataKey ? (row.dataKey.split(":")[1] ?? null) : null,
    createdBy: row.createdBy,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    verifiedAt: row.verifiedAt,
    prunedAt: row.prunedAt,
    error: row.error,
  }));
}

/** One of a tenant's backups by id: NOT_FOUND when there is none, or it is another tenant's or the landlord's. */
export async function findTenantBackup(slugInput: string, backupId: string) {
  const slug = normalizeSlug(slugInput);
  const row = await landlord().tenantBackup.findFirst({ where: { id: backupId, kind: "tenant", tenant: { slug } } });
  if (!row) throw new AppError("NOT_FOUND", `Tenant ${slug} has no backup ${backupId}.`);
  return row;
}

/** The newest good backup of a tenant, or null. */
export function latestGoodBackup(tenantId: string) {
  return landlord().tenantBackup.findFirst({
    where: { kind: "tenant", tenantId, ...GOOD },
    orderBy: { startedAt: "desc" },
  });
}
