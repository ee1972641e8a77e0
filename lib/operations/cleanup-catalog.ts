// What the database catalog (lib/db/catalog.ts) says is left behind, for
// `cleanup --failed-only`:
//   - a `scratch` database (an interrupted restore or verification) whose
//     owner's operation lock is free;
//   - a database recorded `current` that no tenant row names any more;
//   - records of databases that no longer exist (the record alone goes);
//   - `restore` maintenance holds whose restore is no longer running.
// A kept `previous` or `source` database is never a leftover; neither is
// anything a tenant row names, or anything a live operation holds.
import "server-only";
import { serverName } from "../db/catalog";
import { landlord } from "../db/landlord";
import { tenantServer } from "../db/server";
import type { DatabaseCatalogEntry } from "../generated/landlord/client";
import { landlordLock, lockHeld, tenantLock } from "./backups/locks";

export interface StaleRecord {
  server: string;
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

/** The tenant server's catalog, by database name. */
export async function catalogOfTenantServer(): Promise<Map<string, DatabaseCatalogEntry>> {
  const entries = await landlord().databaseCatalogEntry.findMany({ where: { server: serverName(tenantServer()) } });
  return new Map(entries.map((e) => [e.name, e]));
}

/** Whether the operation that made a scratch database is still running. */
export function ownerWorking(entry: DatabaseCatalogEntry): Promise<boolean> {
  return lockHeld(entry.tenantId ? tenantLock(entry.tenantId) : landlordLock());
}

/** What to do with a database no tenant row names. */
export async function judgeUnclaimed(entry: DatabaseCatalogEntry | undefined): Promise<DatabaseVerdict> {
  if (!entry) return { leftover: true, reason: "unrecorded" };
  switch (entry.role) {
    case "previous":
      return { leftover: false, reason: "kept after a restore (drop it with restore:drop-previous)" };
    case "source":
      return { leftover: false, reason: "kept after a move" };
    case "scratch":
      return (await ownerWorking(entry))
        ? { leftover: false, reason: "a backup, verification or restore is using it right now" }
        : { leftover: true, reason: "scratch" };
    default:
      return { leftover: true, reason: "unused" };
  }
}

/** Records of databases that are gone, except a tenant's own (a lost database is health-check's business). */
export function staleRecords(
  catalog: Map<string, DatabaseCatalogEntry>,
  onServer: Set<string>,
  claimed: Set<string>,
  creating: Set<string>,
): StaleRecord[] {
  return [...catalog.values()]
    .filter((e) => !onServer.has(e.name) && !claimed.has(e.name) && !creating.has(e.name))
    .map((e) => ({ server: e.server, name: e.name, role: e.role }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Restore holds whose restore stopped (its tenant's operation lock is free). */
export async function staleRestoreHolds(): Promise<StaleHold[]> {
  const holds = await landlord().maintenanceHold.findMany({
    where: { kind: "restore" },
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
