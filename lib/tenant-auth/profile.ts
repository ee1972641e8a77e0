// /{slug}/profile: what every user of a space may do to their own account —
// their name, and their sessions (where they are signed in, and "sign out
// everywhere else"). The email is the sign-in name and stays as invited:
// changing it would need the new address confirmed first.
import "server-only";
import type { TenantClient } from "../db/tenant-clients";
import { type Actor, audit } from "../platform/audit";
import { revokeOtherSessions, type Team, type TenantSessionUser } from "./sessions";
import { loadProfile } from "./users";

export interface OwnSession {
  id: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastSeenAt: Date;
}

/** The user's sessions that still work, most recently used first. */
export async function listOwnSessions(db: TenantClient, userId: bigint): Promise<OwnSession[]> {
  return db.tenantSession.findMany({
    where: { userId, revokedAt: null },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, ip: true, userAgent: true, createdAt: true, lastSeenAt: true },
  });
}

/** Everything the profile page shows. */
export async function loadProfilePage({ db, user }: Pick<TenantSessionUser, "db" | "user">) {
  const [profile, sessions] = await Promise.all([loadProfile(db, user.id), listOwnSessions(db, user.id)]);
  return { profile: { ...profile, firstName: user.firstName, lastName: user.lastName }, sessions };
}

export async function updateProfile(
  { tenant, db, user }: Team,
  input: { firstName: string; lastName: string },
  actor: Actor,
): Promise<void> {
  const firstName = input.firstName.trim();
  const lastName = input.lastName.trim();
  if (firstName === user.firstName && lastName === user.lastName) return;
  await db.tenantUser.update({ where: { id: user.id }, data: { firstName, lastName } });
  await audit({
    actor,
    action: "tenant_user.profile_updated",
    tenantId: tenant.id,
    context: {
      slug: tenant.slug,
      email: user.email,
      from: `${user.firstName} ${user.lastName}`.trim(),
      to: `${firstName} ${lastName}`.trim(),
    },
  });
}

/** Ends every session of the user but this one, audited. */
export async function signOutEverywhereElse(
  { tenant, db, user, sessionId }: TenantSessionUser,
  actor: Actor,
): Promise<number> {
  const sessionsEnded = await revokeOtherSessions(db, user.id, sessionId);
  await audit({
    actor,
    action: "auth.signed_out_elsewhere",
    tenantId: tenant.id,
    context: { realm: "tenant", slug: tenant.slug, email: user.email, sessionsEnded },
  });
  return sessionsEnded;
}
