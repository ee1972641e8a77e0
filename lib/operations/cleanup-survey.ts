// `tenants cleanup --failed-only`: what failed or crashed runs left behind, on
// every registered server (a server that does not answer is reported once and
// nothing on it is looked at; the others go on):
//   1. databases named tenant_* (within the prefix) that no tenant living on
//      that server names, and that the server's catalog either does not know
//      or marks as left behind (cleanup-catalog.ts: a scratch database of an
//      interrupted restore, verification or move, a `current` database no
//      tenant there uses); a kept `previous` or `source` database is never touched;
//   2. database users named like a tenant's that no tenant there uses
//      (cleanup-users.ts);
//   3. inactive tenant rows whose database does not exist on their server (a
//      provisioned tenant, active or suspended, that lost its database is an
//      incident for health-check, not a leftover: it is reported and left alone);
//   4. password setup tokens that expired, were used, or whose tenant is gone;
//   5. catalog records of databases and users that no longer exist, and the
//      maintenance holds of restores and moves that stopped half way.
// Whatever a provisioning run or a backup operation is working on right now is
// left alone. Nothing here touches a tenant whose row and database both exist.
// This finds them; cleanup.ts removes them.

import "server-only";
import type { Connection } from "mariadb";
import { DATABASE_PREFIX } from "../db/identifiers";
import { landlord } from "../db/landlord";
import { connect } from "../db/server";
import { registerDefaultServer } from "../db/servers";
import { tenantUsersOnServer } from "../db/tenant-credentials";
import { tenantDatabaseName } from "../db/tenant-database";
import { AppError, describeError } from "../errors";
import {
  catalogOf,
  judgeUnclaimed,
  type ServerCatalog,
  type StaleHold,
  type StaleRecord,
  staleOperationHolds,
  staleRecords,
} from "./cleanup-catalog";
import { judgeUsers, type OrphanUser, tenantsByUser, type UserScene, type UserTenant } from "./cleanup-users";
import { type LiveProvisioning, liveProvisioning, type TenantStatus, tenantDatabasesOnServer } from "./fleet";
import { type FleetServer, fleetServers } from "./fleet-servers";

export type { OrphanUser };

export interface OrphanDatabase {
  /** The name of the server it is on. */
  server: string;
  database: string;
  /** unrecorded: the catalog does not know it; scratch: an interrupted restore's, verification's or move's; unused: recorded current, no tenant there names it. */
  reason: "unrecorded" | "scratch" | "unused";
}

export interface OrphanTenant {
  id: string;
  slug: string;
  database: string;
  /** The name of the server it lives on. */
  server: string;
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

export interface DownServer {
  name: string;
  label: string;
  reason: string;
  /** Its tenants (not deleted), none of which was looked at. */
  tenants: number;
}

export interface Leftovers {
  /** Servers that did not answer, each once: nothing on them was looked at. */
  downServers: DownServer[];
  databases: OrphanDatabase[];
  users: OrphanUser[];
  tenants: OrphanTenant[];
  tokens: StaleToken[];
  /** Catalog records of databases and users that are gone. */
  records: StaleRecord[];
  /** Maintenance holds of restores that stopped. */
  holds: StaleHold[];
  /** Looked like leftovers but are not removed, and why. */
  leftAlone: LeftAlone[];
}

export interface CleanupOptions {
  /**
   * Consider only databases whose name starts with this (itself starting with
   * `tenant_`), and only the database users this landlord knows: for a tenant
   * server that other landlords share.
   */
  databasePrefix?: string;
  now?: Date;
}

export function leftoverCount(found: Leftovers): number {
  return (
    found.databases.length +
    found.users.length +
    found.tenants.length +
    found.tokens.length +
    found.records.length +
    found.holds.length
  );
}

/** What is on one server: its tenant databases, its tenant-named users, and the catalog's records of it. */
export interface ServerView {
  server: FleetServer;
  databases: Set<string>;
  users: string[];
  catalog: ServerCatalog;
}

export async function lookAt(conn: Connection, server: FleetServer): Promise<ServerView> {
  return {
    server,
    databases: await tenantDatabasesOnServer(conn),
    users: await tenantUsersOnServer(conn),
    catalog: await catalogOf(server.label),
  };
}

/** Every tenant (deleted ones too) with the server it lives on (the first one for a row not yet placed). */
export async function tenantHomes(): Promise<UserTenant[]> {
  const first = (await registerDefaultServer()).id;
  const rows = await landlord().tenant.findMany({ select: { id: true, slug: true, serverId: true } });
  return rows.map((t) => ({ id: t.id, slug: t.slug, serverId: t.serverId ?? first }));
}

export function userScene(
  view: ServerView,
  tenants: readonly UserTenant[],
  live: LiveProvisioning,
  knownOnly: boolean,
): UserScene {
  const sourcesHere = new Set(
    [...view.catalog.databases.values()]
      .filter((e) => e.role === "source" && e.tenantId !== null && view.databases.has(e.name))
      .map((e) => e.tenantId as string),
  );
  return {
    serverId: view.server.id,
    users: view.users,
    catalog: view.catalog.users,
    sourcesHere,
    tenants: tenantsByUser(tenants),
    creating: live.tenantIds,
    knownOnly,
  };
}

/** Each registered server, looked at over one connection; one that does not answer is marked down. */
async function lookAtServers(): Promise<{ servers: Map<number, FleetServer>; views: ServerView[] }> {
  const servers = await fleetServers();
  const views: ServerView[] = [];
  await Promise.all(
    [...servers.values()]
      .filter((s) => !s.down)
      .map(async (server) => {
        try {
          const conn = await connect(server.config);
          try {
            views.push(await lookAt(conn, server));
          } finally {
            await conn.end().catch(() => undefined);
          }
        } catch (error) {
          servers.set(server.id, { ...server, down: describeError(error) });
        }
      }),
  );
  return { servers, views: views.sort((a, b) => a.server.id - b.server.id) };
}

export interface Survey {
  found: Leftovers;
  servers: Map<number, FleetServer>;
  prefix: string;
}

/** Finds the leftovers on every server, with the servers as they answered. */
export async function surveyLeftovers(options: CleanupOptions = {}): Promise<Survey> {
  const now = options.now ?? new Date();
  const prefix = checkedPrefix(options.databasePrefix);
  const db = landlord();
  const tenants = await db.tenant.findMany({
    include: { applications: { select: { id: true, status: true }, orderBy: { createdAt: "desc" } } },
  });
  const homes = await tenantHomes();
  const homeOf = new Map(homes.map((t) => [t.id, t.serverId]));
  const live = await liveProvisioning(now);
  const { servers, views } = await lookAtServers();
  const found: Leftovers = {
    downServers: [],
    databases: [],
    users: [],
    tenants: [],
    tokens: [],
    records: [],
    holds: [],
    leftAlone: [],
  };
  found.downServers = [...servers.values()]
    .filter((s) => s.down)
    .sort((a, b) => a.id - b.id)
    .map((s) => ({
      name: s.name,
      label: s.label,
      reason: s.down ?? "",
      tenants: tenants.filter((t) => !t.deletedAt && homeOf.get(t.id) === s.id).length,
    }));

  for (const view of views) {
    const { server } = view;
    const claimed = new Set(tenants.filter((t) => homeOf.get(t.id) === server.id).map((t) => t.databaseName));
    for (const database of [...view.databases].sort()) {
      if (claimed.has(database) || !database.startsWith(prefix)) continue;
      const what = `database ${database} on ${server.name}`;
      if (live.databases.has(database)) {
        found.leftAlone.push({ what, reason: "a provisioning run is creating it right now" });
        continue;
      }
      const verdict = await judgeUnclaimed(view.catalog.databases.get(database));
      if (verdict.leftover) found.databases.push({ server: server.name, database, reason: verdict.reason });
      else found.leftAlone.push({ what, reason: verdict.reason });
    }
    const present = { databases: view.databases, users: new Set(view.users) };
    const keep = { prefix, claimed, creatingDatabases: live.databases, creatingTenants: live.tenantIds };
    found.records.push(...(await staleRecords(server, view.catalog, present, keep)));
    for (const { user, verdict } of await judgeUsers(
      userScene(view, homes, live, options.databasePrefix !== undefined),
    )) {
      if (!verdict.leftover) {
        found.leftAlone.push({ what: `user ${user} on ${server.name}`, reason: verdict.reason });
        continue;
      }
      const tenantServer = verdict.tenant ? (servers.get(verdict.tenant.serverId)?.name ?? null) : null;
      found.users.push({
        server: server.name,
        user,
        reason: verdict.reason,
        slug: verdict.tenant?.slug ?? null,
        tenantServer,
      });
    }
  }
  found.holds = await staleOperationHolds();

  const viewOf = new Map(views.map((v) => [v.server.id, v]));
  for (const tenant of tenants) {
    const view = viewOf.get(homeOf.get(tenant.id) ?? -1);
    const database = tenantDatabaseName(tenant);
    // On a server that is down nothing is known: the server was reported once.
    if (tenant.deletedAt || !view || view.databases.has(database)) continue;
    const what = `tenant ${tenant.slug} (${tenant.status}, no database ${database} on ${view.server.name})`;
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
        server: view.server.name,
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
  return { found, servers, prefix };
}

export async function findLeftovers(options: CleanupOptions = {}): Promise<Leftovers> {
  return (await surveyLeftovers(options)).found;
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
