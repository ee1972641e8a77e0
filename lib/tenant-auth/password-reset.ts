// Tenant users who lost their password: /{slug}/forgot-password asks for a
// link, /{slug}/reset-password/{token} sets a new password with it.
//
// Asking says the same thing whatever the account (unknown, inactive, in a
// suspended or closed space, or in maintenance: all get nothing), and takes
// the same time: the answer is given after the same work in every case (two
// rate-limit counts, the tenant and user lookups, one audit entry); the link
// itself is made and mailed afterwards, handed to `defer` (Next's after(), in
// the action), so neither the token, the rendering nor the provider's
// round trip shows in the response time. Requests are counted per account
// and per client address whether or not the account exists.
//
// Using the link sets the password under the policy, ends every session of
// the user, withdraws their other links and clears the sign-in locks others
// may have caused on the account.
import "server-only";
import { randomUUID } from "node:crypto";
import { createElement } from "react";
import { PasswordResetEmail } from "@/emails/password-reset";
import { landlord } from "../db/landlord";
import { tenantClient } from "../db/tenant-clients";
import { env } from "../env";
import { AppError, errorMessage } from "../errors";
import { sendEmail } from "../mail/send";
import { checkNewPassword } from "../new-password";
import { hashPassword } from "../passwords";
import { type Actor, audit } from "../platform/audit";
import { clearAccount } from "../platform/sign-in-throttle";
import { normalizeSlug } from "../platform/slugs";
import { describeWait, hit } from "../rate-limit";
import type { RequestInfo } from "../request";
import { maintenanceNotice } from "./maintenance";
import {
  consumeResetToken,
  issueResetToken,
  lookupResetToken,
  RESET_TOKEN_TTL_MINUTES,
  releaseResetToken,
  withdrawResetTokens,
} from "./password-reset-tokens";
import { revokeOtherSessions } from "./sessions";
import { withdrawSetupTokens } from "./setup-tokens";
import { tenantAccount } from "./sign-in";
import { findTenantBySlug, isOpen } from "./tenants";

/** The one answer to every request that is not throttled. */
export const RESET_REQUESTED =
  "If that address belongs to an account that can sign in here, we have emailed it a link to choose a new password. The link works for an hour.";

/** Runs work after the response has gone (Next's `after`); without one, the work is awaited. */
export type Defer = (task: () => Promise<void>) => void;

const WINDOW_SECONDS = 3600;

type Outcome = "sent" | "unknown_tenant" | "tenant_closed" | "maintenance" | "unknown_user" | "user_inactive";

export async function requestPasswordReset(
  input: { slug: string; email: string },
  request: RequestInfo,
  options: { defer?: Defer } = {},
): Promise<{ message: string }> {
  const config = env();
  const slug = normalizeSlug(input.slug).slice(0, 100);
  const email = input.email.trim().toLowerCase().slice(0, 255);
  const actor: Actor = { type: "tenant_user", label: email, ip: request.ip, userAgent: request.userAgent };
  const perIp = { limit: config.RESET_REQUESTS_PER_IP, windowSeconds: WINDOW_SECONDS };
  const perAccount = { limit: config.RESET_REQUESTS_PER_ACCOUNT, windowSeconds: WINDOW_SECONDS };
  const byIp = await hit(`reset:ip:${request.ip}`, perIp);
  const byAccount = await hit(`reset:${tenantAccount(slug, email)}`, perAccount);
  const tenant = await findTenantBySlug(slug);

  if (!byIp.allowed || !byAccount.allowed) {
    // Audited once per window and scope, when the refusals start: a flood writes one line.
    const startedNow = byIp.hits === perIp.limit + 1 || byAccount.hits === perAccount.limit + 1;
    if (startedNow) {
      const scope = byIp.allowed ? "account" : "ip";
      await audit({
        actor,
        action: "auth.password_reset_requested",
        tenantId: tenant?.id,
        context: { slug, email, outcome: "throttled", scope },
      });
    }
    const wait = Math.max(
      byIp.allowed ? 0 : byIp.retryAfterSeconds,
      byAccount.allowed ? 0 : byAccount.retryAfterSeconds,
    );
    throw new AppError("RATE_LIMITED", `Too many requests for a new password. Try again in ${describeWait(wait)}.`, {
      retryAfterSeconds: wait,
    });
  }

  const open = tenant && isOpen(tenant) ? tenant : null;
  const maintenance = open ? await maintenanceNotice(open.id) : null;
  const user =
    open && !maintenance
      ? await tenantClient(open).tenantUser.findUnique({
          where: { email },
          select: { uuid: true, email: true, status: true, deletedAt: true },
        })
      : null;
  let outcome: Outcome = "sent";
  if (!tenant) outcome = "unknown_tenant";
  else if (!open) outcome = "tenant_closed";
  else if (maintenance) outcome = "maintenance";
  else if (!user) outcome = "unknown_user";
  else if (user.status !== "active" || user.deletedAt) outcome = "user_inactive";
  await audit({
    actor: { ...actor, id: user?.uuid },
    action: "auth.password_reset_requested",
    tenantId: tenant?.id,
    context: { slug, email, outcome },
  });

  if (outcome === "sent" && open && user) {
    const task = () =>
      sendResetEmail(open, user.email).catch((error: unknown) => {
        console.error(`[password-reset] the email for an account of ${open.slug} failed: ${errorMessage(error)}`);
      });
    if (options.defer) options.defer(task);
    else await task();
  }
  return { message: RESET_REQUESTED };
}

async function sendResetEmail(tenant: { id: string; name: string; slug: string }, email: string): Promise<void> {
  const config = env();
  await sendEmail({
    template: "password-reset",
    to: email,
    subject: `Choose a new password for ${tenant.name}`,
    // Each request is an email of its own; only the newest link works (issueResetToken).
    idempotencyKey: `password-reset:${tenant.id}:${randomUUID()}`,
    tenantId: tenant.id,
    react: (secret) =>
      createElement(PasswordResetEmail, {
        organizationName: tenant.name,
        email,
        resetUrl: secret.resetUrl ?? "",
        expiresInMinutes: RESET_TOKEN_TTL_MINUTES,
      }),
    secrets: async () => ({
      resetUrl: `${config.APP_URL}/${tenant.slug}/reset-password/${await issueResetToken(tenant.id, email)}`,
    }),
  });
}

export type ResetLinkProblem = "unknown" | "used" | "expired" | "unavailable";

const PROBLEM_MESSAGES: Record<ResetLinkProblem, string> = {
  unknown: "This link is not valid. Check that you opened the whole link from the email.",
  used: "This link has already been used. Sign in with the password you chose, or ask for a new link.",
  expired: "This link has expired (it works for an hour). Ask for a new one.",
  unavailable: "This account cannot choose a new password here right now.",
};

export function resetLinkMessage(problem: ResetLinkProblem): string {
  return PROBLEM_MESSAGES[problem];
}

async function resolve(routeSlug: string, token: string) {
  const found = await lookupResetToken(token);
  if (!found.ok) return { ok: false as const, problem: found.problem as ResetLinkProblem };
  const tenant = await landlord().tenant.findUnique({ where: { id: found.tenantId } });
  // A link belongs to one space: under another's address it is no link at all.
  if (!tenant || tenant.slug !== normalizeSlug(routeSlug)) return { ok: false as const, problem: "unknown" as const };
  if (!isOpen(tenant) || (await maintenanceNotice(tenant.id))) {
    return { ok: false as const, problem: "unavailable" as const };
  }
  const db = tenantClient(tenant);
  const user = await db.tenantUser.findUnique({ where: { email: found.email } });
  if (user?.status !== "active" || user.deletedAt) return { ok: false as const, problem: "unavailable" as const };
  return { ok: true as const, token: found, tenant, db, user };
}

export type ResetLink =
  | { ok: true; organizationName: string; email: string; expiresAt: Date }
  | { ok: false; problem: ResetLinkProblem };

/** What the page shows for a link. Changes nothing. */
export async function loadResetLink(slug: string, token: string): Promise<ResetLink> {
  const link = await resolve(slug, token);
  if (!link.ok) return link;
  return { ok: true, organizationName: link.tenant.name, email: link.user.email, expiresAt: link.token.expiresAt };
}

/** Sets the new password with the link. Returns where and as whom to sign in next. */
export async function completePasswordReset(
  slug: string,
  token: string,
  password: string,
  request: RequestInfo,
): Promise<{ slug: string; email: string }> {
  const link = await resolve(slug, token);
  if (!link.ok) throw new AppError("INVALID_STATE", resetLinkMessage(link.problem), { problem: link.problem });
  const { tenant, db, user } = link;
  await checkNewPassword(password, { hash: user.passwordHash, initial: user.mustChangePassword });
  const passwordHash = await hashPassword(password);

  if (!(await consumeResetToken(token))) {
    // Another tab (or the link's expiry) got there between the check and now.
    const again = await lookupResetToken(token);
    const problem: ResetLinkProblem = again.ok ? "used" : again.problem;
    throw new AppError("INVALID_STATE", resetLinkMessage(problem), { problem });
  }
  let sessionsEnded: number;
  try {
    sessionsEnded = await db.$transaction(async (tx) => {
      await tx.tenantUser.update({
        where: { id: user.id },
        data: { passwordHash, mustChangePassword: false, passwordExpiresAt: null },
      });
      // Whoever knew the old password is signed out everywhere.
      return revokeOtherSessions(tx, user.id);
    });
  } catch (error) {
    await releaseResetToken(token).catch(() => undefined);
    throw error;
  }
  await withdrawResetTokens(tenant.id, user.email);
  await withdrawSetupTokens(tenant.id, user.email);
  // The owner proved who they are with the emailed link: no lock someone else caused keeps them out.
  await clearAccount(tenantAccount(tenant.slug, user.email));
  await audit({
    actor: { type: "tenant_user", id: user.uuid, label: user.email, ip: request.ip, userAgent: request.userAgent },
    action: "auth.password_reset",
    tenantId: tenant.id,
    context: { slug: tenant.slug, email: user.email, sessionsEnded },
  });
  return { slug: tenant.slug, email: user.email };
}
