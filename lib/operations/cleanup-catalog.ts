// What the database catalog (lib/db/catalog.ts) says is left behind on a
// server, for `cleanup --failed-only`:
//   - a `scratch` database (an interrupted restore, verification or move)
//     whose owner's operation lock is free;
//   - a database recorded `current` that no tenant on that server names;
//   - records of databases and users that no longer exist there (the record
//     alone goes);
//   - `restore` and `move` maintenance holds whose operation is no longer running.
// A kept `previous` or `source` database is never a leftover; neither is
// anything a tenant row names on its own server, or anything a live
// operation holds.
import "server-only";
import { landlord } from "../db/landlord";
import { isAppError } from "../errors";
import type { DatabaseCatalogEntry } from "../generated/landlord/client";
import { landlordLock, lockHeld, tenantLock, withOperationLock } from "./backups/locks";

export interface StaleRecord {
  /** The server's name. */
  server: string;
  /** How the catalog names the server: host:port. */
  label: string;
  kind: "database" | "user";
  name: string;
  role: string;
}

export interface StaleHold {
  id: string;
  tenantId: string;
  slug: string;
  owner: string;
}

export type DatabaseVerdict =
  | { leftover: true; reason: "unrecorded" | "scratch" | "unused" }
  | { leftover: false; reason: string };

export interface ServerCatalog {
  databases: Map<string, DatabaseCatalogEntry>;
  users: Map<string, DatabaseCatalogEntry>;
}

/** A server's catalog (named host:port), its databases and its users by name. */
export async function catalogOf(label: string): Promise<ServerCatalog> {
  const entries = await landlord().databaseCatalogEntry.findMany({ where: { server: label } });
  const byName = (kind: "database" | "user") => new Map(entries.filter((e) => e.kind === kind).map((e) => [e.name, e]));
  return { databases: byName("database"), users: byName("user") };
}

/** Whether the operation that made a scratch database (or that a record belongs to) is still running. */
export function ownerWorking(entry: DatabaseCatalogEntry): Promise<boolean> {
  return lockHeld(entry.tenantId ? tenantLock(entry.tenantId) : landlordLock());
}

/** What to do with a database no tenant on its server names. */
export async function judgeUnclaimed(entry: DatabaseCatalogEntry | undefined): Promise<DatabaseVerdict> {
  if (!entry) return { leftover: true, reason: "unrecorded" };
  switch (entry.role) {
    case "previous":
      return { leftover: false, reason: "kept after a restore (drop it with restore:drop-previous)" };
    case "source":
      return { leftover: false, reason: "kept after a move" };
    case "scratch":
      return (await ownerWorking(entry))
        ? { leftover: false, reason: "a backup, verification, restore or move is using it right now" }
        : { leftover: true, reason: "scratch" };
    default:
      return { leftover: true, reason: "unused" };
  }
}

/**
 * Records of what is gone from a server: databases (within the prefix) no
 * tenant there names, and users. What a provisioning run or another running
 * operation records before it makes it is not stale.
 */
export async function staleRecords(
  server: { name: string; label: string },
  catalog: ServerCatalog,
  present: { databases: Set<string>; users: Set<string> },
  keep: { prefix: string; claimed: Set<string>; creatingDatabases: Set<string>; creatingTenants: Set<string> },
): Promise<StaleRecord[]> {
  const candidates = [
    ...[...catalog.databases.values()].filter(
      (e) =>
        e.name.startsWith(keep.prefix) &&
        !present.databases.has(e.name) &&
        !keep.claimed.has(e.name) &&
        !keep.creatingDatabases.has(e.name),
    ),
    ...[...catalog.users.values()].filter(
      (e) => !present.users.has(e.name) && !(e.tenantId && keep.creatingTenants.has(e.tenantId)),
    ),
  ];
  const stale: StaleRecord[] = [];
  for (const e of candidates) {
    if (e.tenantId && (await ownerWorking(e))) continue;
    stale.push({ server: server.name, label: server.label, kind: e.kind, name: e.name, role: e.role });
  }
  return stale.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Restore and move holds whose operation stopped (its tenant's operation lock
 * is free). Releasing one is safe either way: a killed move or restore either
 * switched the tenant already or left it on its old database, whole.
 */
export async function staleOperationHolds(): Promise<StaleHold[]> {
  const holds = await landlord().maintenanceHold.findMany({
    where: { kind: { in: ["restore", "move"] } },
    include: { tenant: { select: { slug: true } } },
    orderBy: { createdAt: "asc" },
  });
  const out: StaleHold[] = [];
  for (const hold of holds) {
    if (await lockHeld(tenantLock(hold.tenantId))) continue;
    out.push({ id: hold.id, tenantId: hold.tenantId, slug: hold.tenant.slug, owner: hold.owner });
  }
  return out;
}

/**
 * Runs `work` (which re-checks, then removes) under the operation lock of the
 * tenant a leftover concerns, so a move or restore of it that starts meanwhile
 * is not undone; false when the lock is taken. With no tenant, just runs it.
 */
export async function underTenantLock(tenantId: string | null, what: string, work: () => Promise<boolean>) {
  if (!tenantId) return work();
  try {
    return await withOperationLock(tenantLock(tenantId), what, work);
  } catch (error) {
    if (isAppError(error, "CONFLICT")) return false;
    throw error;
  }
}
