// Signing a tenant user in at /{slug}/login, against the tenant's own database.
// Every refusal looks the same from outside (one message, a bcrypt comparison
// in every case) whether the slug is unknown, the tenant suspended, the user
// missing or inactive, or the password wrong; the reason goes to the audit log.
import { setTimeout as sleep } from "node:timers/promises";
import { verifyAgainstDecoy, verifyPassword } from "../passwords";
import { type Actor, audit } from "../platform/audit";
import { normalizeSlug } from "../platform/slugs";
import type { RequestInfo } from "../request";
import { createTenantSession } from "./sessions";
import { findTenantBySlug, isOpen, type OpenTenant, tenantDb } from "./tenants";
import {
  admitSignIn,
  clearAccountFailures,
  recordSignInFailure,
  SIGN_IN_POLICY,
  type ThrottlePolicy,
} from "./throttle";

export interface SignedInUser {
  id: bigint;
  uuid: string;
  email: string;
  name: string;
  mustChangePassword: boolean;
}

export type SignInResult =
  | { ok: true; tenant: OpenTenant; user: SignedInUser; sessionId: string }
  | { ok: false; reason: "invalid" | "locked" | "rate_limited"; retryAfterSeconds?: number };

type FailureReason = "unknown_tenant" | "tenant_closed" | "unknown_user" | "user_inactive" | "wrong_password";

export async function signInTenantUser(
  input: { slug: string; email: string; password: string },
  request: RequestInfo,
  policy: ThrottlePolicy = SIGN_IN_POLICY,
): Promise<SignInResult> {
  const slug = normalizeSlug(input.slug).slice(0, 100);
  const email = input.email.trim().toLowerCase().slice(0, 255);
  const actor: Actor = { type: "tenant_user", label: email, ip: request.ip, userAgent: request.userAgent };

  const tenant = await findTenantBySlug(slug);
  const admission = await admitSignIn(slug, email, request.ip, policy);
  if (!admission.allowed) {
    const context = { slug, email, scope: admission.scope, retryAfterSeconds: admission.retryAfterSeconds };
    // A flood past the address limit is audited once, when it starts; each attempt
    // refused by a lock is audited too (the address limit bounds how many there are).
    if (admission.reason === "rate_limited" && admission.first) {
      await audit({
        actor,
        action: "auth.locked_out",
        tenantId: tenant?.id,
        context: { ...context, reason: "rate_limited" },
      });
    } else if (admission.reason === "locked") {
      await audit({
        actor,
        action: "auth.signin_failed",
        tenantId: tenant?.id,
        context: { ...context, reason: "locked" },
      });
    }
    return { ok: false, reason: admission.reason, retryAfterSeconds: admission.retryAfterSeconds };
  }

  const user = tenant && isOpen(tenant) ? await tenantDb(tenant).tenantUser.findUnique({ where: { email } }) : null;
  const passwordOk = user
    ? await verifyPassword(input.password, user.passwordHash)
    : await verifyAgainstDecoy(input.password);
  let reason: FailureReason | null = null;
  if (!tenant) reason = "unknown_tenant";
  else if (!isOpen(tenant)) reason = "tenant_closed";
  else if (!user) reason = "unknown_user";
  else if (user.status !== "active" || user.deletedAt) reason = "user_inactive";
  else if (!passwordOk) reason = "wrong_password";

  if (reason || !tenant || !user) {
    const outcome = await recordSignInFailure(slug, email, request.ip, policy);
    const base = { actor: { ...actor, id: user?.uuid }, tenantId: tenant?.id };
    await audit({
      ...base,
      action: "auth.signin_failed",
      context: { slug, email, reason, failures: outcome.accountFailures },
    });
    for (const scope of outcome.lockedNow) {
      await audit({
        ...base,
        action: "auth.locked_out",
        context: { slug, email, scope, lockSeconds: outcome.lockSeconds },
      });
    }
    await sleep(outcome.delayMs);
    return { ok: false, reason: "invalid" };
  }

  const db = tenantDb(tenant);
  await clearAccountFailures(slug, email);
  const sessionId = await createTenantSession(db, user.id, request);
  await db.tenantUser.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  await audit({
    actor: { ...actor, id: user.uuid },
    action: "auth.signed_in",
    tenantId: tenant.id,
    context: { slug, email, sessionId },
  });
  return {
    ok: true,
    tenant: { id: tenant.id, numericId: tenant.numericId, name: tenant.name, slug: tenant.slug },
    user: {
      id: user.id,
      uuid: user.uuid,
      email: user.email,
      name: `${user.firstName} ${user.lastName}`.trim(),
      mustChangePassword: user.mustChangePassword,
    },
    sessionId,
  };
}
