// Platform admin sessions: one row per sign-in, checked on every /admin page,
// layout, route handler and action (lib/auth/session.ts). The cookie only
// names the row; signing out, "sign out everywhere else", disabling or deleting
// the admin ends it at once. A session ends after PLATFORM_SESSION_IDLE_MINUTES
// without a request and PLATFORM_SESSION_HOURS after sign-in; using it moves
// only the idle end, never the absolute one.
import "server-only";
import { randomUUID } from "node:crypto";
import { landlord } from "../db/landlord";
import { env } from "../env";
import type { RequestInfo } from "../request";

// last_seen_at is for the idle limit and for people: write it at most this often.
const SEEN_RESOLUTION_MS = 60_000;

export async function createPlatformSession(userId: bigint, request: RequestInfo): Promise<string> {
  const id = randomUUID();
  const now = Date.now();
  await landlord().platformSession.create({
    data: {
      id,
      userId,
      ip: request.ip.slice(0, 45),
      userAgent: request.userAgent.slice(0, 512),
      expiresAt: new Date(now + env().PLATFORM_SESSION_HOURS * 3600_000),
    },
  });
  return id;
}

/** The session and its admin while both are good: not revoked, not expired or idle, the admin active. */
export async function findLivePlatformSession(sessionId: string, userId: string) {
  if (!/^\d+$/.test(userId)) return null;
  const row = await landlord().platformSession.findUnique({
    where: { id: sessionId },
    include: { user: { select: { id: true, email: true, name: true, role: true, status: true, totpEnabledAt: true } } },
  });
  const now = Date.now();
  const idleMs = env().PLATFORM_SESSION_IDLE_MINUTES * 60_000;
  if (
    !row ||
    row.userId !== BigInt(userId) ||
    row.revokedAt ||
    row.expiresAt.getTime() <= now ||
    row.lastSeenAt.getTime() + idleMs <= now ||
    row.user.status !== "active"
  ) {
    return null;
  }
  if (now - row.lastSeenAt.getTime() > SEEN_RESOLUTION_MS) {
    await landlord().platformSession.updateMany({
      where: { id: sessionId, revokedAt: null },
      data: { lastSeenAt: new Date(now) },
    });
  }
  return row;
}

export async function revokePlatformSession(sessionId: string): Promise<void> {
  await landlord().platformSession.updateMany({
    where: { id: sessionId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
}

/** Ends every session of the admin but `keepId` (all of them when it is undefined); returns how many. */
export async function revokeOtherPlatformSessions(userId: bigint, keepId?: string): Promise<number> {
  const result = await landlord().platformSession.updateMany({
    where: { userId, revokedAt: null, ...(keepId ? { id: { not: keepId } } : {}) },
    data: { revokedAt: new Date() },
  });
  return result.count;
}

/** The admin's sessions that still work, newest first (for /admin/account). */
export async function listPlatformSessions(userId: bigint) {
  const now = Date.now();
  const idle = new Date(now - env().PLATFORM_SESSION_IDLE_MINUTES * 60_000);
  return landlord().platformSession.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: new Date(now) }, lastSeenAt: { gt: idle } },
    orderBy: { createdAt: "desc" },
    select: { id: true, ip: true, userAgent: true, createdAt: true, lastSeenAt: true, expiresAt: true },
  });
}
