// /{slug}/join/{token}: a person invited by the organization's admin chooses a
// password and becomes an active user with the invited role. The slug picks
// the tenant's database and the token is looked up there only, so another
// tenant's link under this slug is simply unknown. The invitation is used up by
// one conditional UPDATE in the same transaction that creates the user: of two
// tabs joining with one link, exactly one gets an account.
import "server-only";
import { randomUUID } from "node:crypto";
import { tenantClient } from "../db/tenant-clients";
import { isUniqueViolation } from "../db/unique-violation";
import { AppError } from "../errors";
import { passwordProblems } from "../password-policy";
import { hashPassword } from "../passwords";
import { audit } from "../platform/audit";
import { clearAccount } from "../platform/sign-in-throttle";
import type { RequestInfo } from "../request";
import { type InvitationProblem, lookupInvitation } from "./invitation-lookup";
import { maintenanceNotice } from "./maintenance";
import { isTenantRole, ROLE_LABELS } from "./roles";
import { tenantAccount } from "./sign-in";
import { findOpenTenant } from "./tenants";

/** `member`: the address is a user here already (they joined another way, or with this link in another tab). */
export type JoinProblem = InvitationProblem | "member";

export type JoinLink =
  | { ok: true; organizationName: string; email: string; name: string; role: string; expiresAt: Date }
  | { ok: false; problem: JoinProblem };

const PROBLEM_MESSAGES: Record<JoinProblem, string> = {
  unknown:
    "This invitation link is not valid. Check that you opened the whole link from the email, or ask the person who invited you.",
  used: "This invitation was used already. If it was you, sign in with the password you chose.",
  expired: "This invitation has expired. Ask the person who invited you to send it again.",
  withdrawn:
    "This invitation was withdrawn or replaced by a newer one. Use the latest invitation email, or ask the person who invited you.",
  member: "You are a user of this organization already: sign in with your password.",
};

export function joinLinkMessage(problem: JoinProblem): string {
  return PROBLEM_MESSAGES[problem];
}

async function resolve(slug: string, token: string) {
  // A closed or unknown tenant says no more than an unknown token does.
  const tenant = await findOpenTenant(slug);
  if (!tenant) return { ok: false as const, problem: "unknown" as const };
  const db = tenantClient(tenant);
  const invitation = await lookupInvitation(db, token);
  if (!invitation.ok) return invitation;
  if (await db.tenantUser.findUnique({ where: { email: invitation.email }, select: { id: true } })) {
    return { ok: false as const, problem: "member" as const };
  }
  return { ok: true as const, tenant, db, invitation };
}

/** What the page shows for a link. Changes nothing. */
export async function loadJoinLink(slug: string, token: string): Promise<JoinLink> {
  const link = await resolve(slug, token);
  if (!link.ok) return link;
  const { invitation } = link;
  return {
    ok: true,
    organizationName: link.tenant.name,
    email: invitation.email,
    name: `${invitation.firstName} ${invitation.lastName}`.trim(),
    role: isTenantRole(invitation.role) ? ROLE_LABELS[invitation.role] : invitation.role,
    expiresAt: invitation.expiresAt,
  };
}

/** Creates the invited user with this password. Returns where and as whom the browser signs in next. */
export async function joinWithInvitation(
  slug: string,
  token: string,
  password: string,
  request: RequestInfo,
): Promise<{ slug: string; email: string }> {
  const link = await resolve(slug, token);
  if (!link.ok) throw new AppError("INVALID_STATE", joinLinkMessage(link.problem), { problem: link.problem });
  const { tenant, db, invitation } = link;
  // Like signing in, joining waits while the space is in maintenance; the link still works afterwards.
  const maintenance = await maintenanceNotice(tenant.id);
  if (maintenance) {
    throw new AppError("UNAVAILABLE", "This organization's space is in maintenance. Try the link again later.", {
      maintenance: true,
      retryAfterSeconds: maintenance.retryAfterSeconds,
    });
  }
  const problems = passwordProblems(password);
  if (problems.length > 0) {
    throw new AppError("INVALID_INPUT", "Choose a stronger password.", { fieldErrors: { password: problems } });
  }
  const passwordHash = await hashPassword(password);

  let user: { id: bigint; uuid: string };
  try {
    user = await db.$transaction(async (tx) => {
      const used = await tx.tenantUserInvitation.updateMany({
        where: { id: invitation.id, usedAt: null, withdrawnAt: null, expiresAt: { gt: new Date() } },
        data: { usedAt: new Date() },
      });
      if (used.count !== 1) {
        // Another tab, a withdrawal or the expiry got there between the check and now.
        const again = await lookupInvitation(tx, token);
        const problem = again.ok ? "used" : again.problem;
        throw new AppError("INVALID_STATE", joinLinkMessage(problem), { problem });
      }
      const created = await tx.tenantUser.create({
        data: {
          uuid: randomUUID(),
          firstName: invitation.firstName,
          lastName: invitation.lastName,
          email: invitation.email,
          passwordHash,
          tenantId: tenant.numericId,
          status: "active",
          metadata: { invitation: invitation.uuid },
        },
        select: { id: true, uuid: true },
      });
      await tx.userRole.create({ data: { userId: created.id, roleId: invitation.roleId } });
      // A committee entry made for this address before they had an account now points at it.
      await tx.committeeUser.updateMany({
        where: { email: invitation.email, userId: null },
        data: { userId: created.id },
      });
      return created;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", joinLinkMessage("member"), { problem: "member" });
    throw error;
  }
  // Failed sign-ins counted against this address before it had an account must not slow its owner now.
  await clearAccount(tenantAccount(tenant.slug, invitation.email));
  await audit({
    actor: {
      type: "tenant_user",
      id: user.uuid,
      label: invitation.email,
      ip: request.ip,
      userAgent: request.userAgent,
    },
    action: "tenant_user.joined",
    tenantId: tenant.id,
    context: { slug: tenant.slug, email: invitation.email, role: invitation.role, invitationId: invitation.uuid },
  });
  return { slug: tenant.slug, email: invitation.email };
}
