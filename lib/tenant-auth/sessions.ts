// Tenant sessions: one tenant_sessions row a sign-in, in the tenant's own
// database. The JWT only carries the row's id; every tenant request checks the
// row, so a session can be ended on the server (sign-out, a password change)
// even though the JWT itself stays valid until it expires.
import "server-only";
import { randomUUID } from "node:crypto";
import { type TenantClient, withTenantTransaction } from "../db/tenant-clients";
import type { TenantConnectionRef } from "../db/tenant-database";
import type { TenantUser } from "../generated/tenant/client";
import type { RequestInfo } from "../request";
import type { OpenTenant } from "./tenants";

/** A user signed in to a tenant, as a checked request sees them (lib/auth/tenant.ts). */
export interface TenantSessionUser {
  tenant: OpenTenant;
  user: Omit<TenantUser, "passwordHash">;
  sessionId: string;
  db: TenantClient;
}

/** Someone at work in their tenant's space: the tenant, its database and who they are. */
export type Team = Pick<TenantSessionUser, "tenant" | "db" | "user">;

// lastSeenAt is a hint for people, not a security check: write it at most this often.
const SEEN_RESOLUTION_MS = 60_000;

/**
 * Opens a session for a user who just signed in and stamps their last sign-in,
 * on one raw connection of the tenant's own pool (no Prisma client: see
 * sign-in-account.ts), in one transaction: one commit (one flush to disk)
 * instead of two. Times are UTC, as Prisma writes them.
 */
export async function openTenantSession(
  tenant: TenantConnectionRef,
  userId: bigint,
  request: RequestInfo,
): Promise<string> {
  const id = randomUUID();
  await withTenantTransaction(tenant, async (conn) => {
    // The user's row first: the session's foreign key would take a shared lock on it, and two
    // sign-ins of one user, each holding that and then wanting to update the row, deadlock.
    await conn.query(
      "UPDATE tenant_users SET last_login_at = UTC_TIMESTAMP(3), updated_at = UTC_TIMESTAMP(3) WHERE id = ?",
      [userId],
    );
    await conn.query(
      "INSERT INTO tenant_sessions (id, user_id, ip, user_agent, created_at, last_seen_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))",
      [id, userId, request.ip.slice(0, 45), request.userAgent.slice(0, 512)],
    );
  });
  return id;
}

/** The session's user if the row exists, is not revoked and belongs to `userUuid`; null otherwise. */
export async function findLiveSession(db: TenantClient, sessionId: string, userUuid: string) {
  const row = await db.tenantSession.findUnique({
    where: { id: sessionId },
    include: { user: { omit: { passwordHash: true } } },
  });
  if (!row || row.revokedAt || row.user.uuid !== userUuid) return null;
  if (Date.now() - row.lastSeenAt.getTime() > SEEN_RESOLUTION_MS) {
    await db.tenantSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { lastSeenAt: new Date() } });
  }
  return { session: row, user: row.user };
}

/** Ends one session (sign-out). */
type Sessions = Pick<TenantClient, "tenantSession">;

export async function revokeSession(db: Sessions, sessionId: string): Promise<void> {
  await db.tenantSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Ends every session of the user except `keepId` (none kept when it is undefined). Returns how many ended. */
export async function revokeOtherSessions(db: Sessions, userId: bigint, keepId?: string): Promise<number> {
  const result = await db.tenantSession.updateMany({
    where: { userId, revokedAt: null, ...(keepId ? { id: { not: keepId } } : {}) },
    data: { revokedAt: new Date() },
  });
  return result.count;
}
