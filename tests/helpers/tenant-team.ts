// A tenant's team for integration tests, made through the real domain code:
// a provisioned tenant whose first admin chose a password, and members who
// joined with the invitation link from the outbox, each signed in for real.
import { expect } from "vitest";
import { landlord } from "@/lib/db/landlord";
import { tenantClient } from "@/lib/db/tenant-clients";
import { openSecrets } from "@/lib/mail/secrets";
import type { Actor } from "@/lib/platform/audit";
import { inviteUser } from "@/lib/tenant-auth/invitations";
import { joinWithInvitation } from "@/lib/tenant-auth/join";
import type { TenantRole } from "@/lib/tenant-auth/roles";
import type { Team } from "@/lib/tenant-auth/sessions";
import { completePasswordSetup } from "@/lib/tenant-auth/setup-password";
import { findOpenTenant, type OpenTenant } from "@/lib/tenant-auth/tenants";
import { provisionTestTenant, uniqueSlug } from "./applications";
import { tenantSessionFor, welcomeToken } from "./tenant-auth";

export const TEAM_PASSWORD = "Team-Passw0rd!";
export const BROWSER = { ip: "198.51.100.23", userAgent: "vitest-browser" };

export interface Member {
  email: string;
  uuid: string;
  session: unknown;
  sessionId: string;
  actor: Actor;
}

async function signedIn(slug: string, email: string, ip = "192.0.2.1"): Promise<Member> {
  const { session, sessionId, user } = await tenantSessionFor(slug, email, TEAM_PASSWORD, ip);
  return {
    email,
    uuid: user.uuid,
    session,
    sessionId,
    actor: { type: "tenant_user", id: user.uuid, label: email, ip: BROWSER.ip, userAgent: BROWSER.userAgent },
  };
}

/** A provisioned tenant whose first admin set TEAM_PASSWORD with the setup link, signed in. */
export async function teamTenant(prefix = "team", name?: string) {
  const email = `${uniqueSlug("admin")}@example.org`;
  const { tenant: row, application } = await provisionTestTenant({ slug: uniqueSlug(prefix), email, name });
  await completePasswordSetup(await welcomeToken(row.id), TEAM_PASSWORD, BROWSER);
  const tenant = (await findOpenTenant(row.slug)) as OpenTenant;
  return { tenant, application, db: tenantClient(tenant), admin: await signedIn(tenant.slug, email) };
}

/** `member` at work in the tenant's space, as the domain functions take them. */
export async function teamOf(tenant: OpenTenant, email: string): Promise<Team> {
  const db = tenantClient(tenant);
  const user = await db.tenantUser.findUniqueOrThrow({ where: { email }, omit: { passwordHash: true } });
  return { tenant, db, user };
}

/** The join token in the email of the open invitation to `email`, opened from the outbox's sealed copy. */
export async function invitationToken(tenant: OpenTenant, email: string): Promise<string> {
  const open = await tenantClient(tenant).tenantUserInvitation.findFirstOrThrow({
    where: { email, usedAt: null, withdrawnAt: null },
  });
  const row = await landlord().emailOutbox.findUniqueOrThrow({
    where: { idempotencyKey: `tenant-invitation:${tenant.id}:${open.uuid}` },
  });
  expect(row).toMatchObject({ tenantId: tenant.id, toAddress: email, template: "tenant-invitation" });
  // The stored copy holds a placeholder where the link was.
  expect(row.html).not.toMatch(/\/join\/[A-Za-z0-9_-]{43}/);
  const joinUrl = String(openSecrets(row.id, row.secrets).joinUrl);
  const match = new RegExp(`/${tenant.slug}/join/([A-Za-z0-9_-]{43})$`).exec(joinUrl);
  if (!match?.[1]) throw new Error(`no join link in the invitation to ${email}: ${joinUrl}`);
  return match[1];
}

/** Invites `email` as `role` (as `inviter`, an admin), joins with the link and signs in. */
export async function addMember(
  tenant: OpenTenant,
  inviter: Member,
  role: TenantRole,
  email = `${uniqueSlug(role.replace("_", "-"))}@example.org`,
  ip?: string,
): Promise<Member> {
  await inviteUser(
    await teamOf(tenant, inviter.email),
    { email, firstName: "Test", lastName: role, role },
    inviter.actor,
  );
  await joinWithInvitation(tenant.slug, await invitationToken(tenant, email), TEAM_PASSWORD, BROWSER);
  return signedIn(tenant.slug, email, ip);
}

/** Signs `member` in once more (another browser). */
export function signInAgain(tenant: OpenTenant, member: Member, ip = "192.0.2.9"): Promise<Member> {
  return signedIn(tenant.slug, member.email, ip);
}
