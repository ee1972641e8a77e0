// `tenants cleanup --failed-only`: what failed or crashed runs left behind.
//   1. databases named tenant_* (within the prefix) that no tenant row names
//      and that the database catalog either does not know at all or marks as
//      left behind (cleanup-catalog.ts: a scratch database of an interrupted
//      restore or verification, a `current` database no tenant uses); a kept
//      `previous` or `source` database is never touched;
//   2. inactive tenant rows whose database does not exist (a provisioned
//      tenant, active or suspended, that lost its database is an incident for
//      health-check, not a leftover: it is reported and left alone);
//   3. password setup tokens that expired, were used, or whose tenant is gone;
//   4. catalog records of databases that no longer exist, and the maintenance
//      holds of restores that stopped half way.
// Whatever a provisioning run or a backup operation is working on right now is
// left alone. Nothing here touches a tenant whose row and database both exist.

import "server-only";
import { forgetDatabase } from "../db/catalog";
import { DATABASE_PREFIX } from "../db/identifiers";
import { landlord } from "../db/landlord";
import { databaseExists, dropDatabase, tenantServer } from "../db/server";
import { evictTenantClient } from "../db/tenant-clients";
import { tenantDatabaseName } from "../db/tenant-database";
import { AppError } from "../errors";
import { type Actor, audit } from "../platform/audit";
import { rollbackProvisioning } from "../provisioning/rollback";
import { lockHeld, tenantLock } from "./backups/locks";
import {
  catalogOfTenantServer,
  judgeUnclaimed,
  type StaleHold,
  type StaleRecord,
  staleRecords,
  staleRestoreHolds,
} from "./cleanup-catalog";
import { liveProvisioning, type TenantStatus, tenantDatabasesOnServer, withTenantServer } from "./fleet";
import { releaseHold } from "./maintenance";

export interface OrphanDatabase {
  database: string;
  /** unrecorded: the catalog does not know it; scratch: an interrupted restore's or verification's; unused: recorded current, no tenant names it. */
  reason: "unrecorded" | "scratch" | "unused";
}

export interface OrphanTenant {
  id: string;
  slug: string;
  database: string;
  status: TenantStatus;
  applicationId: string | null;
  applicationStatus: string | null;
}

export interface StaleToken {
  id: string;
  tenantId: string;
  /** The tenant's slug, or null when the tenant row is gone. */
  slug: string | null;
  email: string;
  reason: "expired" | "used" | "tenant gone";
}

export interface LeftAlone {
  what: string;
  reason: string;
}

export interface Leftovers {
  databases: OrphanDatabase[];
  tenants: OrphanTenant[];
  tokens: StaleToken[];
  /** Catalog records of databases that are gone. */
  records: StaleRecord[];
  /** Maintenance holds of restores that stopped. */
  holds: StaleHold[];
  /** Looked like leftovers but are not removed, and why. */
  leftAlone: LeftAlone[];
}

export interface CleanupOptions {
  /**
   * Consider only databases whose name starts with this (itself starting with
   * `tenant_`): for a tenant server that other landlords share.
   */
  databasePrefix?: string;
  now?: Date;
}

export function leftoverCount(found: Leftovers): number {
  return (
    found.databases.length + found.tenants.length + found.tokens.length + found.records.length + found.holds.length
  );
}

export async function findLeftovers(options: CleanupOptions = {}): Promise<Leftovers> {
  const now = options.now ?? new Date();
  const prefix = checkedPrefix(options.databasePrefix);
  const db = landlord();
  const tenants = await db.tenant.findMany({
    include: { applications: { select: { id: true, status: true }, orderBy: { createdAt: "desc" } } },
  });
  const live = await liveProvisioning(now);
  const onServer = await withTenantServer(tenantDatabasesOnServer);
  const catalog = await catalogOfTenantServer();
  const found: Leftovers = { databases: [], tenants: [], tokens: [], records: [], holds: [], leftAlone: [] };

  const claimed = new Set<string>();
  for (const tenant of tenants) {
    claimed.add(tenant.databaseName);
  }
  for (const database of [...onServer].sort()) {
    if (claimed.has(database) || !database.startsWith(prefix)) continue;
    if (live.databases.has(database)) {
      found.leftAlone.push({ what: `database ${database}`, reason: "a provisioning run is creating it right now" });
      continue;
    }
    const verdict = await judgeUnclaimed(catalog.get(database));
    if (verdict.leftover) found.databases.push({ database, reason: verdict.reason });
    else found.leftAlone.push({ what: `database ${database}`, reason: verdict.reason });
  }
  const inPrefix = new Map([...catalog].filter(([name]) => name.startsWith(prefix)));
  found.records = staleRecords(inPrefix, onServer, claimed, live.databases);
  found.holds = await staleRestoreHolds();

  for (const tenant of tenants) {
    const database = tenantDatabaseName(tenant);
    if (tenant.deletedAt || onServer.has(database)) continue;
    const what = `tenant ${tenant.slug} (${tenant.status}, no database ${database})`;
    if (live.tenantIds.has(tenant.id)) {
      found.leftAlone.push({ what, reason: "a provisioning run is working on it right now" });
    } else if (tenant.status !== "inactive") {
      found.leftAlone.push({ what, reason: "it was provisioned: restore its database (see health-check)" });
    } else {
      const application = tenant.applications[0];
      found.tenants.push({
        id: tenant.id,
        slug: tenant.slug,
        database,
        status: tenant.status,
        applicationId: application?.id ?? null,
        applicationStatus: application?.status ?? null,
      });
    }
  }

  const slugOf = new Map(tenants.map((t) => [t.id, t.slug]));
  const tokens = await db.passwordSetupToken.findMany({
    where: { OR: [{ expiresAt: { lt: now } }, { usedAt: { not: null } }, { tenantId: { notIn: [...slugOf.keys()] } }] },
    select: { id: true, tenantId: true, email: true, expiresAt: true, usedAt: true },
    orderBy: { id: "asc" },
  });
  for (const token of tokens) {
    const slug = slugOf.get(token.tenantId) ?? null;
    const reason = slug === null ? "tenant gone" : token.usedAt ? "used" : "expired";
    found.tokens.push({ id: token.id.toString(), tenantId: token.tenantId, slug, email: token.email, reason });
  }
  return found;
}

/**
 * Finds the leftovers again and removes them, each re-checked just before it
 * goes. One audit entry lists what was removed.
 */
export async function removeLeftovers(options: CleanupOptions & { actor: Actor }): Promise<Leftovers> {
  const found = await findLeftovers(options);
  const db = landlord();
  const removed: Leftovers = {
    databases: [],
    tenants: [],
    tokens: [],
    records: [],
    holds: [],
    leftAlone: found.leftAlone,
  };

  if (found.tokens.length > 0) {
    const now = new Date();
    const tenantIds = [...new Set(found.tokens.map((t) => t.tenantId))];
    const stillThere = await db.tenant.findMany({ where: { id: { in: tenantIds } }, select: { id: true } });
    const stale = await db.passwordSetupToken.findMany({
      where: {
        id: { in: found.tokens.map((t) => BigInt(t.id)) },
        OR: [
          { expiresAt: { lt: now } },
          { usedAt: { not: null } },
          { tenantId: { notIn: stillThere.map((t) => t.id) } },
        ],
      },
      select: { id: true },
    });
    await db.passwordSetupToken.deleteMany({ where: { id: { in: stale.map((t) => t.id) } } });
    const gone = new Set(stale.map((t) => t.id.toString()));
    removed.tokens = found.tokens.filter((t) => gone.has(t.id));
  }

  const liveNow = await liveProvisioning();
  for (const tenant of found.tenants) {
    if (liveNow.tenantIds.has(tenant.id)) continue;
    if (await withTenantServer((conn) => databaseExists(conn, tenant.database))) continue;
    const application = tenant.applicationId
      ? await db.tenantApplication.findUnique({ where: { id: tenant.applicationId }, select: { status: true } })
      : null;
    if (application?.status === "provisioning_started" && tenant.applicationId) {
      // An abandoned run: undo it the way a failed run is undone.
      const run = await db.provisioningRun.findFirst({
        where: { applicationId: tenant.applicationId, status: { in: ["queued", "running"] } },
        orderBy: { attempt: "desc" },
        select: { id: true },
      });
      const rolledBack = await rollbackProvisioning(
        tenant.applicationId,
        "Provisioning was abandoned; its leftovers were removed by the operator (tenants cleanup).",
        run?.id,
      );
      if (rolledBack.removedTenant === tenant.id) removed.tenants.push(tenant);
    } else {
      const deleted = await db.$transaction(async (tx) => {
        const gone = await tx.tenant.deleteMany({ where: { id: tenant.id, status: "inactive", deletedAt: null } });
        if (gone.count === 1) await tx.passwordSetupToken.deleteMany({ where: { tenantId: tenant.id } });
        return gone.count === 1;
      });
      if (deleted) removed.tenants.push(tenant);
    }
  }

  if (found.databases.length > 0) {
    await withTenantServer(async (conn) => {
      const catalogNow = await catalogOfTenantServer();
      for (const orphan of found.databases) {
        const owner = await db.tenant.findFirst({ where: { databaseName: orphan.database }, select: { id: true } });
        if (owner || liveNow.databases.has(orphan.database)) continue;
        const verdict = await judgeUnclaimed(catalogNow.get(orphan.database));
        if (!verdict.leftover) continue;
        evictTenantClient(orphan.database);
        await dropDatabase(conn, orphan.database);
        await forgetDatabase(tenantServer(), orphan.database);
        removed.databases.push(orphan);
      }
    });
  }

  for (const record of found.records) {
    const named = await db.tenant.count({ where: { databaseName: record.name } });
    const exists = await withTenantServer((conn) => databaseExists(conn, record.name));
    if (named > 0 || exists || liveNow.databases.has(record.name)) continue;
    await db.databaseCatalogEntry.deleteMany({ where: { server: record.server, name: record.name } });
    removed.records.push(record);
  }
  for (const hold of found.holds) {
    if (await lockHeld(tenantLock(hold.tenantId))) continue;
    if (await releaseHold(hold.id, options.actor)) removed.holds.push(hold);
  }

  if (leftoverCount(removed) > 0) {
    await audit({
      actor: options.actor,
      action: "tenant.cleanup",
      context: {
        databases: removed.databases.map((d) => d.database),
        tenants: removed.tenants.map((t) => ({ id: t.id, slug: t.slug, database: t.database })),
        tokens: removed.tokens.length,
        databasePrefix: options.databasePrefix ?? null,
        ...(removed.records.length > 0 && { catalogRecords: removed.records.map((r) => r.name) }),
        ...(removed.holds.length > 0 && { restoreHolds: removed.holds.map((h) => ({ id: h.id, slug: h.slug })) }),
      },
    });
  }
  return removed;
}

function checkedPrefix(prefix: string | undefined): string {
  if (prefix === undefined) return DATABASE_PREFIX;
  if (!prefix.startsWith(DATABASE_PREFIX) || !/^[a-z0-9_]+$/.test(prefix)) {
    throw new AppError(
      "INVALID_INPUT",
      `The database prefix must start with ${DATABASE_PREFIX} and hold only a-z, 0-9 and _ (got "${prefix}").`,
    );
  }
  return prefix;
}
