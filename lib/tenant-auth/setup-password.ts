// /setup-password/{token}: the tenant admin chooses a password from the link
// in the welcome email, without the initial password. The token is consumed
// by one conditional UPDATE; if storing the password then fails, the token is
// released again, so the link is never burnt without the password being set.
import "server-only";
import { landlord } from "../db/landlord";
import { tenantClient } from "../db/tenant-clients";
import { AppError } from "../errors";
import { checkNewPassword } from "../new-password";
import { hashPassword } from "../passwords";
import { audit } from "../platform/audit";
import { clearAccount } from "../platform/sign-in-throttle";
import type { RequestInfo } from "../request";
import { revokeOtherSessions } from "./sessions";
import { consumeSetupToken, lookupSetupToken, releaseSetupToken, withdrawSetupTokens } from "./setup-tokens";
import { tenantAccount } from "./sign-in";
import { isOpen } from "./tenants";

export type SetupLinkProblem = "unknown" | "used" | "expired" | "unavailable";

export type SetupLink =
  | { ok: true; organizationName: string; slug: string; email: string; expiresAt: Date }
  | { ok: false; problem: SetupLinkProblem };

const PROBLEM_MESSAGES: Record<SetupLinkProblem, string> = {
  unknown: "This link is not valid. Check that you opened the whole link from the welcome email.",
  used: "This link has already been used. Sign in with the password you chose.",
  expired: "This link has expired. Sign in with the initial password from the welcome email, or ask the platform team.",
  unavailable: "This account cannot be set up here any more. Ask the platform team.",
};

export function setupLinkMessage(problem: SetupLinkProblem): string {
  return PROBLEM_MESSAGES[problem];
}

async function resolve(token: string) {
  const found = await lookupSetupToken(token);
  if (!found.ok) return { ok: false as const, problem: found.problem as SetupLinkProblem };
  const tenant = await landlord().tenant.findUnique({ where: { id: found.tenantId } });
  if (!tenant || !isOpen(tenant)) return { ok: false as const, problem: "unavailable" as const };
  const db = tenantClient(tenant);
  const user = await db.tenantUser.findUnique({ where: { email: found.email } });
  if (user?.status !== "active" || user.deletedAt) return { ok: false as const, problem: "unavailable" as const };
  return { ok: true as const, token: found, tenant, db, user };
}

/** What the page shows for a token. Changes nothing. */
export async function loadSetupLink(token: string): Promise<SetupLink> {
  const link = await resolve(token);
  if (!link.ok) return link;
  return {
    ok: true,
    organizationName: link.tenant.name,
    slug: link.tenant.slug,
    email: link.user.email,
    expiresAt: link.token.expiresAt,
  };
}

/** Sets the password for the token's account. Returns where and as whom to sign in next. */
export async function completePasswordSetup(
  token: string,
  password: string,
  request: RequestInfo,
): Promise<{ slug: string; email: string }> {
  const link = await resolve(token);
  if (!link.ok) throw new AppError("INVALID_STATE", setupLinkMessage(link.problem), { problem: link.problem });
  const { tenant, db, user } = link;
  await checkNewPassword(password, { hash: user.passwordHash, initial: user.mustChangePassword });
  const passwordHash = await hashPassword(password);

  if (!(await consumeSetupToken(token))) {
    // Another tab (or the link's expiry) got there between the check and now.
    const again = await lookupSetupToken(token);
    const problem = again.ok ? "used" : again.problem;
    throw new AppError("INVALID_STATE", setupLinkMessage(problem), { problem });
  }
  let sessionsEnded: number;
  try {
    sessionsEnded = await db.$transaction(async (tx) => {
      await tx.tenantUser.update({
        where: { id: user.id },
        data: { passwordHash, mustChangePassword: false, passwordExpiresAt: null },
      });
      return revokeOtherSessions(tx, user.id);
    });
  } catch (error) {
    await releaseSetupToken(token).catch(() => undefined);
    throw error;
  }
  await withdrawSetupTokens(tenant.id, user.email);
  await clearAccount(tenantAccount(tenant.slug, user.email));
  await audit({
    actor: { type: "tenant_user", id: user.uuid, label: user.email, ip: request.ip, userAgent: request.userAgent },
    action: "auth.password_set",
    tenantId: tenant.id,
    context: { slug: tenant.slug, email: user.email, via: "setup_link", sessionsEnded },
  });
  return { slug: tenant.slug, email: user.email };
}
