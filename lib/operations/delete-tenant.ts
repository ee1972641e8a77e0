// Deleting a tenant, the first of two steps (`tenants delete <slug>`, or the
// console with the slug typed to confirm): a backup is taken and verified
// first, and if either fails nothing changes. Then, in one landlord
// transaction, the tenant is suspended and marked deleted (its slug stays
// held) with a grace period, and the deletion is recorded and audited; then
// every session in its `tenant_sessions` is revoked. Nothing is dropped: within
// the grace period `undelete` brings it back as it was; after it, `tenants
// purge` drops it (purge-tenants.ts).
import "server-only";
import { randomUUID } from "node:crypto";
import { landlord } from "../db/landlord";
import { databaseExists } from "../db/server";
import { tenantClient } from "../db/tenant-clients";
import { tenantDatabaseName } from "../db/tenant-database";
import { env } from "../env";
import { AppError, describeError } from "../errors";
import type { TenantStatus } from "../generated/landlord/client";
import { type Actor, audit } from "../platform/audit";
import { normalizeSlug } from "../platform/slugs";
import { backupTenantLocked, tenantBySlug } from "./backups/backup-tenant";
import { tenantLock, withOperationLock } from "./backups/locks";
import { verifyBackupLocked } from "./backups/verify-backup";
import { withServerOf } from "./fleet";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface DeleteOptions {
  actor: Actor;
  /** The slug as the person typed it to confirm; must be the tenant's. */
  confirmation: string;
  reason?: string;
  graceDays?: number;
}

export interface DeleteResult {
  tenantId: string;
  slug: string;
  backupId: string;
  previousStatus: TenantStatus;
  purgeAfter: Date;
  sessionsRevoked: number;
}

export async function deleteTenant(slugInput: string, options: DeleteOptions): Promise<DeleteResult> {
  const tenant = await tenantBySlug(slugInput);
  if (normalizeSlug(options.confirmation) !== tenant.slug) {
    throw new AppError("INVALID_INPUT", `Type the tenant's slug (${tenant.slug}) to confirm its deletion.`);
  }
  if (tenant.deletedAt) throw new AppError("INVALID_STATE", `Tenant ${tenant.slug} is already deleted.`);
  const graceDays = options.graceDays ?? env().TENANT_DELETE_GRACE_DAYS;

  return withOperationLock(tenantLock(tenant.id), `Tenant ${tenant.slug}`, async () => {
    const backup = await backupTenantLocked(tenant, { actor: options.actor, reason: "delete" }).catch(
      (error: unknown) => {
        throw new AppError(
          "INVALID_STATE",
          `Refused to delete ${tenant.slug}: its backup failed (${describeError(error)}). Nothing was changed.`,
        );
      },
    );
    const row = await landlord().tenantBackup.findUniqueOrThrow({ where: { id: backup.id } });
    const check = await verifyBackupLocked(row, options.actor);
    if (!check.passed) {
      throw new AppError(
        "INVALID_STATE",
        `Refused to delete ${tenant.slug}: its backup ${backup.id} failed verification (${check.problems.join("; ")}). Nothing was changed.`,
      );
    }
    const now = new Date();
    const purgeAfter = new Date(now.getTime() + graceDays * DAY_MS);
    await landlord().$transaction(async (tx) => {
      const marked = await tx.tenant.updateMany({
        where: { id: tenant.id, deletedAt: null },
        data: { status: "suspended", deletedAt: now },
      });
      if (marked.count !== 1)
        throw new AppError("CONFLICT", `Tenant ${tenant.slug} changed meanwhile; nothing was deleted.`);
      await tx.tenantDeletion.create({
        data: {
          id: randomUUID(),
          tenantId: tenant.id,
          slug: tenant.slug,
          previousStatus: tenant.status,
          backupId: backup.id,
          deletedBy: `${options.actor.type}:${options.actor.label ?? options.actor.id ?? ""}`.slice(0, 255),
          reason: options.reason ?? null,
          deletedAt: now,
          purgeAfter,
        },
      });
      await audit(
        {
          actor: options.actor,
          action: "tenant.deleted",
          tenantId: tenant.id,
          context: {
            slug: tenant.slug,
            backupId: backup.id,
            previousStatus: tenant.status,
            purgeAfter: purgeAfter.toISOString(),
            reason: options.reason ?? null,
          },
        },
        tx,
      );
    });
    // The tenant is closed from here on (every request checks deleted_at); revoking makes it final.
    const revoked = await tenantClient(tenant).tenantSession.updateMany({
      where: { revokedAt: null },
      data: { revokedAt: now },
    });
    return {
      tenantId: tenant.id,
      slug: tenant.slug,
      backupId: backup.id,
      previousStatus: tenant.status,
      purgeAfter,
      sessionsRevoked: revoked.count,
    };
  });
}

export interface UndeleteResult {
  slug: string;
  status: TenantStatus;
  /** Undeleted after its grace period had ended (allowed until purge has begun). */
  afterGracePeriod: boolean;
}

/** `tenants undelete <slug>` / the console's restore: the tenant as it was before deletion (its users sign in again). */
export async function undeleteTenant(
  slugInput: string,
  options: { actor: Actor; reason?: string },
): Promise<UndeleteResult> {
  const tenant = await tenantBySlug(slugInput);
  if (!tenant.deletedAt) throw new AppError("INVALID_STATE", `Tenant ${tenant.slug} is not deleted.`);
  return withOperationLock(tenantLock(tenant.id), `Tenant ${tenant.slug}`, async () => {
    const deletion = await landlord().tenantDeletion.findFirst({
      where: { tenantId: tenant.id, undeletedAt: null, purgedAt: null },
      orderBy: { deletedAt: "desc" },
    });
    if (deletion?.purgeStartedAt) {
      throw new AppError(
        "INVALID_STATE",
        `Tenant ${tenant.slug} is being purged; it cannot be undeleted. Its final backup ${deletion.backupId} can be restored with --as.`,
      );
    }
    const exists = await withServerOf(tenant, (conn) => databaseExists(conn, tenantDatabaseName(tenant)));
    if (!exists)
      throw new AppError("INVALID_STATE", `Tenant ${tenant.slug}'s database is gone; restore its backup instead.`);
    const status = deletion?.previousStatus ?? "suspended";
    const now = new Date();
    await landlord().$transaction(async (tx) => {
      const back = await tx.tenant.updateMany({
        where: { id: tenant.id, deletedAt: { not: null } },
        data: { deletedAt: null, status },
      });
      if (back.count !== 1) throw new AppError("CONFLICT", `Tenant ${tenant.slug} changed meanwhile; try again.`);
      if (deletion) await tx.tenantDeletion.update({ where: { id: deletion.id }, data: { undeletedAt: now } });
      await audit(
        {
          actor: options.actor,
          action: "tenant.undeleted",
          tenantId: tenant.id,
          context: { slug: tenant.slug, status, deletionId: deletion?.id ?? null, reason: options.reason ?? null },
        },
        tx,
      );
    });
    return { slug: tenant.slug, status, afterGracePeriod: Boolean(deletion && deletion.purgeAfter < now) };
  });
}
