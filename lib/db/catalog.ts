// The catalog of every database the portal creates: on which server, under
// which name, in which role, for which tenant, made by whom. A tenant's row
// names only its current database; backups, restores and (later) moves make
// others (a restored copy, the previous database kept after a restore, a
// scratch database for a verification, the source kept after a move), and
// `cleanup --failed-only` removes only what this marks as left behind.
//
// The server is named `host:port`, as database_servers is unique on them.
// Database users the portal creates (lib/db/tenant-credentials.ts) are
// recorded too, with kind "user".
import "server-only";
import type { DatabaseRole } from "../generated/landlord/client";
import { type LandlordTx, landlord } from "./landlord";
import type { ServerConfig } from "./server";

export type { DatabaseRole };

/** How the catalog (and the backups' manifests) name a server. */
export function serverName(server: Pick<ServerConfig, "host" | "port">): string {
  return `${server.host}:${server.port}`;
}

export interface CatalogEntry {
  server: ServerConfig;
  name: string;
  /** A database (the default) or a database user. */
  kind?: "database" | "user";
  role: DatabaseRole;
  tenantId: string | null;
  /** Who made it: "provisioning run <id>", "restore by <actor>"... */
  createdBy: string;
}

type Writer = Pick<LandlordTx, "databaseCatalogEntry">;

/**
 * Records a database (before it is created, so a crash in between leaves a
 * record of a database that does not exist, never a database nobody knows).
 * Recording one already there changes nothing: provisioning's step is retried.
 */
export async function recordDatabase(entry: CatalogEntry, db: Writer = landlord()): Promise<void> {
  const server = serverName(entry.server);
  await db.databaseCatalogEntry.upsert({
    where: { server_name: { server, name: entry.name } },
    create: {
      server,
      kind: entry.kind ?? "database",
      name: entry.name,
      role: entry.role,
      tenantId: entry.tenantId,
      createdBy: entry.createdBy.slice(0, 255),
    },
    update: {},
  });
}

/** Gives a recorded database another role (and tenant); records it if it was not (a database older than the catalog). */
export async function setDatabaseRole(
  entry: Omit<CatalogEntry, "createdBy"> & { createdBy?: string },
  db: Writer = landlord(),
): Promise<void> {
  const server = serverName(entry.server);
  await db.databaseCatalogEntry.upsert({
    where: { server_name: { server, name: entry.name } },
    create: {
      server,
      kind: entry.kind ?? "database",
      name: entry.name,
      role: entry.role,
      tenantId: entry.tenantId,
      createdBy: (entry.createdBy ?? "recorded later").slice(0, 255),
    },
    update: { role: entry.role, tenantId: entry.tenantId },
  });
}

/** Removes a database's record, once it has been dropped. */
export async function forgetDatabase(server: ServerConfig, name: string, db: Writer = landlord()): Promise<void> {
  await db.databaseCatalogEntry.deleteMany({ where: { server: serverName(server), name } });
}

/** The recorded databases (not users) of a tenant, in some roles (all when none given). */
export function tenantDatabases(tenantId: string, roles?: readonly DatabaseRole[]) {
  return landlord().databaseCatalogEntry.findMany({
    where: { tenantId, kind: "database", ...(roles ? { role: { in: [...roles] } } : {}) },
    orderBy: { createdAt: "asc" },
  });
}
