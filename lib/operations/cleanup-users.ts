// Database users left behind, for `cleanup --failed-only`. Each tenant has up
// to two users named after it (t_<20 hex of its id>_a|b,
// lib/db/tenant-credentials.ts) on the server it lives on. A user named like
// that on a server is left behind when
//   - no tenant row carries its name (its tenant was removed, its users not), or
//   - its tenant lives on another server, and the catalog does not keep it
//     here as the `source` of a move whose source database is still here.
// Left alone: the users of a tenant a provisioning run is creating, and of a
// tenant whose operation lock is held (a move makes its users on the target
// before the switch). With a database prefix (a server other landlords share),
// only the users this landlord knows are looked at: recorded in its catalog or
// named after one of its tenants.
import "server-only";
import type { Connection } from "mariadb";
import { forgetDatabase } from "../db/catalog";
import type { ServerConfig } from "../db/server";
import { dropDatabaseUser, tenantUsername } from "../db/tenant-credentials";
import type { DatabaseCatalogEntry } from "../generated/landlord/client";
import { lockHeld, tenantLock } from "./backups/locks";

export interface OrphanUser {
  /** The server's name. */
  server: string;
  user: string;
  /** no tenant: no tenant has it; elsewhere: its tenant lives on another server; source gone: kept for a move whose source database is gone. */
  reason: "no tenant" | "elsewhere" | "source gone";
  /** The tenant it is named after, if there is one, and the server that tenant lives on. */
  slug: string | null;
  tenantServer: string | null;
}

export interface UserTenant {
  id: string;
  slug: string;
  serverId: number;
}

/** What is known about one server's users. */
export interface UserScene {
  serverId: number;
  /** The tenant-named users on the server. */
  users: readonly string[];
  /** The catalog's user records on the server, by name. */
  catalog: Map<string, DatabaseCatalogEntry>;
  /** Tenants whose `source` database (kept after a move) is on the server and still there. */
  sourcesHere: Set<string>;
  /** Every tenant (deleted ones too), by the names of its two users. */
  tenants: Map<string, UserTenant>;
  /** Tenants a provisioning run is creating right now. */
  creating: Set<string>;
  /** Only the users this landlord knows (a database prefix was given). */
  knownOnly: boolean;
}

export type UserVerdict =
  | { leftover: true; reason: OrphanUser["reason"]; tenant: UserTenant | null }
  | { leftover: false; reason: string; tenant: UserTenant | null };

/** The tenants by the names of their users. */
export function tenantsByUser(tenants: readonly UserTenant[]): Map<string, UserTenant> {
  const byUser = new Map<string, UserTenant>();
  for (const tenant of tenants) {
    for (const slot of ["a", "b"] as const) byUser.set(tenantUsername(tenant.id, slot), tenant);
  }
  return byUser;
}

/** The verdict on one user of the server; null for one that is in use or not ours to look at. */
export function judgeUser(user: string, scene: UserScene): UserVerdict | null {
  const tenant = scene.tenants.get(user) ?? null;
  const record = scene.catalog.get(user);
  if (scene.knownOnly && !tenant && !record) return null;
  if (!tenant) return { leftover: true, reason: "no tenant", tenant };
  if (tenant.serverId === scene.serverId) return null;
  if (scene.creating.has(tenant.id)) {
    return { leftover: false, reason: "a provisioning run is creating it right now", tenant };
  }
  if (record?.role === "source") {
    return scene.sourcesHere.has(tenant.id)
      ? { leftover: false, reason: `kept with the source database of ${tenant.slug}'s move`, tenant }
      : { leftover: true, reason: "source gone", tenant };
  }
  return { leftover: true, reason: "elsewhere", tenant };
}

/** The verdicts on every user of a server, with the running operations' users left alone. */
export async function judgeUsers(scene: UserScene): Promise<{ user: string; verdict: UserVerdict }[]> {
  const out: { user: string; verdict: UserVerdict }[] = [];
  for (const user of [...scene.users].sort()) {
    let verdict = judgeUser(user, scene);
    if (!verdict) continue;
    if (verdict.leftover && verdict.tenant && (await lockHeld(tenantLock(verdict.tenant.id)))) {
      verdict = {
        leftover: false,
        reason: "a move or another operation of its tenant is running",
        tenant: verdict.tenant,
      };
    }
    out.push({ user, verdict });
  }
  return out;
}

/** Drops a user and its record. */
export async function dropLeftoverUser(conn: Connection, server: ServerConfig, user: string): Promise<void> {
  await dropDatabaseUser(conn, user);
  await forgetDatabase(server, user);
}
