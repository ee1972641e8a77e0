// Reading the session on the server. Every admin page and action goes
// through requirePlatformAdmin, every tenant one through requireTenantSession
// (./tenant.ts); the proxy alone never authorizes.

import "server-only";
import { headers } from "next/headers";
import { getServerSession } from "next-auth";
import { AppError } from "../errors";
import { authOptions, type Realm } from "./options";

export interface PortalSession {
  userId: string;
  email: string;
  name: string;
  realm: Realm;
  tenantSlug?: string;
  /** The tenant_sessions row of a tenant session. */
  sessionId?: string;
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

/** The platform admin's session, or an UNAUTHORIZED error. */
export async function requirePlatformAdmin(): Promise<PortalSession> {
  const session = await currentSession();
  if (session?.realm !== "platform") {
    throw new AppError("UNAUTHORIZED", "Sign in as a platform admin to do this.");
  }
  return session;
}
