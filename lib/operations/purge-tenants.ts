// `tenants purge [--dry-run] [--release-slug]`: the second step of deletion.
// For every tenant deleted longer ago than its grace period: its databases are
// dropped (the current one and any kept `previous` ones; once tenants have
// database users of their own, the user goes too), its final backup stays
// (retention keeps each tenant's newest backups), and the deletion is marked
// purged. The slug stays held by the tenant row unless --release-slug is
// given: then the row goes and its application is closed. Each step is safe to
// repeat: a purge that stopped half way finishes on the next run, and a second
// run finds nothing to do.
import "server-only";
import { tenantDatabases } from "../db/catalog";
import { landlord } from "../db/landlord";
import { tenantServer } from "../db/server";
import { tenantDatabaseName } from "../db/tenant-database";
import { describeError } from "../errors";
import type { TenantDeletion } from "../generated/landlord/client";
import { transitionApplication } from "../platform/applications/status";
import { type Actor, audit } from "../platform/audit";
import { tenantLock, withOperationLock } from "./backups/locks";
import { dropCatalogued } from "./backups/scratch";

export interface PurgeOptions {
  actor: Actor;
  dryRun?: boolean;
  releaseSlug?: boolean;
  now?: Date;
}

export interface PurgeEntry {
  slug: string;
  outcome: "purged" | "would-purge" | "slug-released" | "failed";
  databases: string[];
  backupId: string;
  purgeAfter: Date;
  slugReleased: boolean;
  reason?: string;
}

/** Deletions that purge has to finish: due ones not yet purged, and (with --release-slug) purged ones still holding their slug. */
function pending(now: Date, releaseSlug: boolean) {
  return landlord().tenantDeletion.findMany({
    where: {
      undeletedAt: null,
      OR: [
        { purgedAt: null, purgeAfter: { lte: now } },
        { purgedAt: null, purgeStartedAt: { not: null } },
        ...(releaseSlug ? [{ purgedAt: { not: null }, slugReleasedAt: null, tenantId: { not: null } }] : []),
      ],
    },
    orderBy: { purgeAfter: "asc" },
  });
}

async function databasesOf(deletion: TenantDeletion): Promise<string[]> {
  if (!deletion.tenantId) return [];
  const tenant = await landlord().tenant.findUnique({ where: { id: deletion.tenantId } });
  const names = new Set<string>();
  if (tenant) names.add(tenantDatabaseName(tenant));
  for (const entry of await tenantDatabases(deletion.tenantId)) names.add(entry.name);
  return [...names].sort();
}

async function releaseSlug(deletion: TenantDeletion, actor: Actor): Promise<void> {
  const tenantId = deletion.tenantId;
  if (!tenantId) return;
  await landlord().$transaction(async (tx) => {
    const applications = await tx.tenantApplication.findMany({
      where: { tenantId, status: "provisioned" },
      select: { id: true },
    });
    for (const application of applications) {
      await transitionApplication(
        application.id,
        "closed",
        { failureReason: "The tenant was purged and its slug released." },
        tx,
      );
    }
    await tx.passwordSetupToken.deleteMany({ where: { tenantId } });
    await tx.tenantDeletion.update({ where: { id: deletion.id }, data: { slugReleasedAt: new Date() } });
    await tx.tenant.delete({ where: { id: tenantId } });
    await audit({ actor, action: "tenant.purged", tenantId, context: { slug: deletion.slug, slugReleased: true } }, tx);
  });
}

async function purgeOne(deletion: TenantDeletion, options: PurgeOptions): Promise<PurgeEntry> {
  const base = {
    slug: deletion.slug,
    backupId: deletion.backupId,
    purgeAfter: deletion.purgeAfter,
  };
  const release = Boolean(options.releaseSlug);
  if (options.dryRun) {
    return {
      ...base,
      outcome: "would-purge",
      databases: deletion.purgedAt ? [] : await databasesOf(deletion),
      slugReleased: false,
    };
  }
  const tenantId = deletion.tenantId;
  if (!tenantId) return { ...base, outcome: "purged", databases: [], slugReleased: true };
  return withOperationLock(tenantLock(tenantId), `Tenant ${deletion.slug}`, async () => {
    const fresh = await landlord().tenantDeletion.findUniqueOrThrow({ where: { id: deletion.id } });
    if (fresh.undeletedAt)
      return { ...base, outcome: "failed", databases: [], slugReleased: false, reason: "it was undeleted meanwhile" };
    let dropped: string[] = [];
    if (!fresh.purgedAt) {
      await landlord().tenantDeletion.update({
        where: { id: fresh.id },
        data: { purgeStartedAt: fresh.purgeStartedAt ?? new Date() },
      });
      dropped = await databasesOf(fresh);
      for (const name of dropped) await dropCatalogued(tenantServer(), name);
      await landlord().$transaction(async (tx) => {
        await tx.tenantDeletion.update({ where: { id: fresh.id }, data: { purgedAt: new Date() } });
        await audit(
          {
            actor: options.actor,
            action: "tenant.purged",
            tenantId,
            context: {
              slug: fresh.slug,
              databases: dropped,
              finalBackupId: fresh.backupId,
              deletedAt: fresh.deletedAt.toISOString(),
            },
          },
          tx,
        );
      });
    }
    if (release && !fresh.slugReleasedAt) await releaseSlug(fresh, options.actor);
    return { ...base, outcome: fresh.purgedAt ? "slug-released" : "purged", databases: dropped, slugReleased: release };
  });
}

export async function purgeTenants(options: PurgeOptions): Promise<PurgeEntry[]> {
  const now = options.now ?? new Date();
  const deletions = await pending(now, Boolean(options.releaseSlug));
  const out: PurgeEntry[] = [];
  for (const deletion of deletions) {
    try {
      out.push(await purgeOne(deletion, options));
    } catch (error) {
      out.push({
        slug: deletion.slug,
        outcome: "failed",
        databases: [],
        backupId: deletion.backupId,
        purgeAfter: deletion.purgeAfter,
        slugReleased: false,
        reason: describeError(error),
      });
    }
  }
  return out;
}
