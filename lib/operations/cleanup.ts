// `tenants cleanup --failed-only --yes`: removes what cleanup-survey.ts finds
// on every server that answers, each item re-checked just before it goes, on
// the server it is on. What concerns a tenant (a database or a user named
// after it) goes under that tenant's operation lock, so a move or a restore
// that starts meanwhile is not undone. One audit entry lists what was removed.
import "server-only";
import type { Connection } from "mariadb";
import { forgetDatabase } from "../db/catalog";
import { landlord } from "../db/landlord";
import { connect, databaseExists, dropDatabase } from "../db/server";
import { registerDefaultServer } from "../db/servers";
import { evictTenantClient } from "../db/tenant-clients";
import { databaseUserExists, tenantUsername } from "../db/tenant-credentials";
import { type Actor, audit } from "../platform/audit";
import { rollbackProvisioning } from "../provisioning/rollback";
import { lockHeld, tenantLock } from "./backups/locks";
import type { StaleRecord } from "./cleanup-catalog";
import { catalogOf, judgeUnclaimed, ownerWorking, underTenantLock } from "./cleanup-catalog";
import {
  type CleanupOptions,
  type Leftovers,
  leftoverCount,
  lookAt,
  type OrphanUser,
  type StaleToken,
  surveyLeftovers,
  tenantHomes,
  userScene,
} from "./cleanup-survey";
import { dropLeftoverUser, judgeUser } from "./cleanup-users";
import { type LiveProvisioning, liveProvisioning } from "./fleet";
import type { FleetServer } from "./fleet-servers";
import { releaseHold } from "./maintenance";

export {
  type CleanupOptions,
  type DownServer,
  findLeftovers,
  type LeftAlone,
  type Leftovers,
  leftoverCount,
  type OrphanDatabase,
  type OrphanTenant,
  type OrphanUser,
  type StaleToken,
} from "./cleanup-survey";

async function onServer<T>(server: FleetServer, work: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await connect(server.config);
  try {
    return await work(conn);
  } finally {
    await conn.end().catch(() => undefined);
  }
}

function byServer<T extends { server: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.server, [...(groups.get(item.server) ?? []), item]);
  return groups;
}

/** Whether a tenant living on `server` names the database. */
async function claimedOn(server: FleetServer, database: string): Promise<boolean> {
  const owner = await landlord().tenant.findUnique({ where: { databaseName: database }, select: { serverId: true } });
  if (!owner) return false;
  return (owner.serverId ?? (await registerDefaultServer()).id) === server.id;
}

async function dropOrphanDatabase(
  conn: Connection,
  server: FleetServer,
  name: string,
  live: LiveProvisioning,
): Promise<boolean> {
  const judged = (await catalogOf(server.label)).databases.get(name);
  if (live.databases.has(name) || (await claimedOn(server, name))) return false;
  if (!(await judgeUnclaimed(judged)).leftover) return false;
  const namesake = await landlord().tenant.findUnique({ where: { databaseName: name }, select: { id: true } });
  return underTenantLock(judged?.tenantId ?? namesake?.id ?? null, `Database ${name} on ${server.name}`, async () => {
    // Read again under the lock: a move's switch makes its copy `current` and the tenant this server's.
    const entry = await landlord().databaseCatalogEntry.findUnique({
      where: { server_name: { server: server.label, name } },
    });
    if (entry?.role !== judged?.role || (await claimedOn(server, name))) return false;
    evictTenantClient(name);
    await dropDatabase(conn, name);
    await forgetDatabase(server.config, name);
    return true;
  });
}

async function dropOrphanUser(conn: Connection, server: FleetServer, user: string, knownOnly: boolean) {
  const judge = async () =>
    judgeUser(user, userScene(await lookAt(conn, server), await tenantHomes(), await liveProvisioning(), knownOnly));
  const first = await judge();
  if (!first?.leftover) return false;
  return underTenantLock(first.tenant?.id ?? null, `Database user ${user} on ${server.name}`, async () => {
    const now = first.tenant ? await judge() : first;
    if (!now?.leftover) return false;
    await dropLeftoverUser(conn, server.config, user);
    return true;
  });
}

async function removeRecord(conn: Connection, server: FleetServer, record: StaleRecord, live: LiveProvisioning) {
  const entry = await landlord().databaseCatalogEntry.findUnique({
    where: { server_name: { server: record.label, name: record.name } },
  });
  if (!entry) return false;
  if (entry.tenantId && (live.tenantIds.has(entry.tenantId) || (await ownerWorking(entry)))) return false;
  if (entry.kind === "user") {
    if (await databaseUserExists(conn, entry.name)) return false;
  } else if (
    live.databases.has(entry.name) ||
    (await claimedOn(server, entry.name)) ||
    (await databaseExists(conn, entry.name))
  ) {
    return false;
  }
  await landlord().databaseCatalogEntry.deleteMany({ where: { id: entry.id } });
  return true;
}

/** The users of a tenant row just removed, on its server. */
async function dropUsersOf(server: FleetServer, tenantId: string): Promise<OrphanUser[]> {
  return onServer(server, async (conn) => {
    const dropped: OrphanUser[] = [];
    for (const slot of ["a", "b"] as const) {
      const user = tenantUsername(tenantId, slot);
      if (!(await databaseUserExists(conn, user))) continue;
      await dropLeftoverUser(conn, server.config, user);
      dropped.push({ server: server.name, user, reason: "no tenant", slug: null, tenantServer: null });
    }
    return dropped;
  });
}

async function removeTokens(found: StaleToken[]): Promise<StaleToken[]> {
  if (found.length === 0) return [];
  const db = landlord();
  const now = new Date();
  const tenantIds = [...new Set(found.map((t) => t.tenantId))];
  const stillThere = await db.tenant.findMany({ where: { id: { in: tenantIds } }, select: { id: true } });
  const stale = await db.passwordSetupToken.findMany({
    where: {
      id: { in: found.map((t) => BigInt(t.id)) },
      OR: [{ expiresAt: { lt: now } }, { usedAt: { not: null } }, { tenantId: { notIn: stillThere.map((t) => t.id) } }],
    },
    select: { id: true },
  });
  await db.passwordSetupToken.deleteMany({ where: { id: { in: stale.map((t) => t.id) } } });
  const gone = new Set(stale.map((t) => t.id.toString()));
  return found.filter((t) => gone.has(t.id));
}

/**
 * Finds the leftovers again and removes them, each re-checked just before it
 * goes. One audit entry lists what was removed.
 */
export async function removeLeftovers(options: CleanupOptions & { actor: Actor }): Promise<Leftovers> {
  const { found, servers } = await surveyLeftovers(options);
  const named = new Map([...servers.values()].map((s) => [s.name, s]));
  const db = landlord();
  const removed: Leftovers = {
    downServers: found.downServers,
    databases: [],
    users: [],
    tenants: [],
    tokens: await removeTokens(found.tokens),
    records: [],
    holds: [],
    leftAlone: found.leftAlone,
  };

  const liveNow = await liveProvisioning();
  for (const tenant of found.tenants) {
    const server = named.get(tenant.server);
    if (!server || liveNow.tenantIds.has(tenant.id)) continue;
    if (await onServer(server, (conn) => databaseExists(conn, tenant.database))) continue;
    const application = tenant.applicationId
      ? await db.tenantApplication.findUnique({ where: { id: tenant.applicationId }, select: { status: true } })
      : null;
    if (application?.status === "provisioning_started" && tenant.applicationId) {
      // An abandoned run: undo it the way a failed run is undone (its users go too).
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
      if (deleted) {
        removed.tenants.push(tenant);
        removed.users.push(...(await dropUsersOf(server, tenant.id)));
      }
    }
  }

  for (const [name, orphans] of byServer(found.databases)) {
    const server = named.get(name);
    if (!server) continue;
    await onServer(server, async (conn) => {
      for (const orphan of orphans) {
        if (await dropOrphanDatabase(conn, server, orphan.database, liveNow)) removed.databases.push(orphan);
      }
    });
  }
  for (const [name, users] of byServer(found.users)) {
    const server = named.get(name);
    if (!server) continue;
    await onServer(server, async (conn) => {
      for (const orphan of users) {
        if (await dropOrphanUser(conn, server, orphan.user, options.databasePrefix !== undefined)) {
          removed.users.push(orphan);
        }
      }
    });
  }
  for (const [name, records] of byServer(found.records)) {
    const server = named.get(name);
    if (!server) continue;
    await onServer(server, async (conn) => {
      for (const record of records) if (await removeRecord(conn, server, record, liveNow)) removed.records.push(record);
    });
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
        databases: removed.databases.map((d) => ({ server: d.server, database: d.database })),
        tenants: removed.tenants.map((t) => ({ id: t.id, slug: t.slug, database: t.database, server: t.server })),
        tokens: removed.tokens.length,
        databasePrefix: options.databasePrefix ?? null,
        ...(removed.users.length > 0 && { users: removed.users.map((u) => ({ server: u.server, user: u.user })) }),
        ...(removed.records.length > 0 && {
          catalogRecords: removed.records.map((r) => ({ server: r.server, name: r.name })),
        }),
        ...(removed.holds.length > 0 && { holds: removed.holds.map((h) => ({ id: h.id, slug: h.slug })) }),
        ...(removed.downServers.length > 0 && { downServers: removed.downServers.map((d) => d.name) }),
      },
    });
  }
  return removed;
}
