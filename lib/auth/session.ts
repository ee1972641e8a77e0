// Reading the session on the server. Every admin page and action goes
// through requirePlatformAdmin, every tenant one through requireTenantSession
// (./tenant.ts); the proxy alone never authorizes. A platform session is a
// row (lib/platform/admin-sessions.ts) checked with its admin on every request.
import "server-only";
import { headers } from "next/headers";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { env } from "../env";
import { AppError } from "../errors";
import { findLivePlatformSession } from "../platform/admin-sessions";
import { can, deniedMessage, type Permission, type PlatformRole } from "../platform/permissions";
import { authOptions, type Realm } from "./options";

export interface PortalSession {
  userId: string;
  email: string;
  name: string;
  realm: Realm;
  tenantSlug?: string;
  /** The session row: tenant_sessions (tenant realm) or platform_sessions (platform realm). */
  sessionId?: string;
}

export interface AdminSession extends PortalSession {
  realm: "platform";
  sessionId: string;
  role: PlatformRole;
  /** Two-factor is on for this admin. */
  twoFactor: boolean;
}

export async function currentSession(): Promise<PortalSession | null> {
  await headers(); // a session is per request: never prerender what reads it
  const session = (await getServerSession(authOptions())) as {
    userId?: string;
    realm?: Realm;
    tenantSlug?: string;
    sessionId?: string;
    user?: { email?: string | null; name?: string | null };
  } | null;
  if (!session?.userId || !session.realm) return null;
  return {
    userId: session.userId,
    email: session.user?.email ?? "",
    name: session.user?.name ?? "",
    realm: session.realm,
    tenantSlug: session.tenantSlug,
    sessionId: session.sessionId,
  };
}

const SIGN_IN = "Sign in as a platform admin to do this.";

// Once per request: a page and its layout both ask, and React's cache() shares the answer.
const resolveAdmin = cache(async (): Promise<AdminSession> => {
  const session = await currentSession();
  if (session?.realm !== "platform" || !session.sessionId) throw new AppError("UNAUTHORIZED", SIGN_IN);
  const live = await findLivePlatformSession(session.sessionId, session.userId);
  if (!live) throw new AppError("UNAUTHORIZED", "Your session has ended. Sign in again.");
  return {
    ...session,
    realm: "platform",
    sessionId: session.sessionId,
    email: live.user.email,
    name: live.user.name,
    role: live.user.role,
    twoFactor: live.user.totpEnabledAt !== null,
  };
});

/**
 * The platform admin's live session, or UNAUTHORIZED (no session, ended,
 * expired, idle, admin disabled or deleted) / FORBIDDEN (the role lacks
 * `permission`, or two-factor is required and not yet enrolled).
 */
export async function requirePlatformAdmin(permission: Permission = "platform.read"): Promise<AdminSession> {
  const admin = await resolveAdmin();
  if (permission !== "account.self" && env().PLATFORM_REQUIRE_2FA && !admin.twoFactor) {
    throw new AppError("FORBIDDEN", "Turn on two-factor sign-in for your account first.", { enrolTwoFactor: true });
  }
  if (!can(admin.role, permission)) throw new AppError("FORBIDDEN", deniedMessage(permission), { permission });
  return admin;
}
