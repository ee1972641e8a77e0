// Signing a tenant user in at /{slug}/login, against the tenant's own database.
// Every refusal looks the same from outside (one message, a bcrypt comparison
// in every case) whether the slug is unknown, the tenant suspended, the user
// missing or inactive, or the password wrong; the reason goes to the audit log.
import "server-only";
import { landlord } from "../db/landlord";
import { verifyAgainstDecoy, verifyPassword } from "../passwords";
import { type Actor, audit } from "../platform/audit";
import {
  accountKey,
  admitAttempt,
  auditRefusal,
  recordFailedCheck,
  recordSuccess,
  signInPolicy,
  type ThrottlePolicy,
} from "../platform/sign-in-throttle";
import { normalizeSlug } from "../platform/slugs";
import type { RequestInfo } from "../request";
import { maintenanceNotice } from "./maintenance";
import { openTenantSession } from "./sessions";
import { findSignInAccount } from "./sign-in-account";
import type { ThrottleReason } from "./sign-in-messages";
import { findTenantBySlug, isOpen, type OpenTenant } from "./tenants";

export interface SignedInUser {
  id: bigint;
  uuid: string;
  email: string;
  name: string;
  mustChangePassword: boolean;
}

export type SignInResult =
  | { ok: true; tenant: OpenTenant; user: SignedInUser; sessionId: string }
  | { ok: false; reason: "invalid" | "expired" | "maintenance" | ThrottleReason; retryAfterSeconds?: number };

/** A tenant user's account, as the throttle counts it. */
export function tenantAccount(slug: string, email: string): string {
  return accountKey("tenant", slug, email);
}

type FailureReason = "unknown_tenant" | "tenant_closed" | "unknown_user" | "user_inactive" | "wrong_password";

export async function signInTenantUser(
  input: { slug: string; email: string; password: string },
  request: RequestInfo,
  policy: ThrottlePolicy = signInPolicy(),
): Promise<SignInResult> {
  const slug = normalizeSlug(input.slug).slice(0, 100);
  const email = input.email.trim().toLowerCase().slice(0, 255);
  const actor: Actor = { type: "tenant_user", label: email, ip: request.ip, userAgent: request.userAgent };
  const account = tenantAccount(slug, email);

  const tenant = await findTenantBySlug(slug);
  const admission = await admitAttempt(account, request.ip, policy);
  if (!admission.allowed) {
    await auditRefusal(admission, actor, { slug, email }, tenant?.id);
    const reason = admission.scope === "account" ? "wait" : admission.reason;
    return { ok: false, reason, retryAfterSeconds: admission.retryAfterSeconds };
  }

  // Paused while the space is in maintenance: said plainly (its pages say so to
  // anyone), and not counted as a guess.
  const maintenance = tenant && isOpen(tenant) ? await maintenanceNotice(tenant.id) : null;
  if (tenant && maintenance) {
    await audit({
      actor,
      action: "auth.signin_failed",
      tenantId: tenant.id,
      context: { slug, email, reason: "maintenance" },
    });
    return { ok: false, reason: "maintenance", retryAfterSeconds: maintenance.retryAfterSeconds };
  }

  const user = tenant && isOpen(tenant) ? await findSignInAccount(tenant, email) : null;
  const passwordOk = user
    ? await verifyPassword(input.password, user.passwordHash)
    : await verifyAgainstDecoy(input.password);
  let reason: FailureReason | null = null;
  if (!tenant) reason = "unknown_tenant";
  else if (!isOpen(tenant)) reason = "tenant_closed";
  else if (!user) reason = "unknown_user";
  else if (!user.active) reason = "user_inactive";
  else if (!passwordOk) reason = "wrong_password";

  if (reason || !tenant || !user) {
    await recordFailedCheck({
      account,
      actor: { ...actor, id: user?.uuid },
      action: "auth.signin_failed",
      tenantId: tenant?.id,
      context: { slug, email, reason },
      policy,
    });
    return { ok: false, reason: "invalid" };
  }

  // The right initial password after its link expired: said plainly (whoever
  // typed it knows the secret already), not counted as a guess.
  if (user.initialPasswordExpired) {
    await audit({
      actor: { ...actor, id: user.uuid },
      action: "auth.signin_failed",
      tenantId: tenant.id,
      context: { slug, email, reason: "initial_password_expired" },
    });
    return { ok: false, reason: "expired" };
  }

  await recordSuccess(account, request.ip, policy);
  const sessionId = await openTenantSession(tenant, user.id, request);
  await noteSignIn(tenant.id);
  await audit({
    actor: { ...actor, id: user.uuid },
    action: "auth.signed_in",
    tenantId: tenant.id,
    context: { slug, email, sessionId },
  });
  return {
    ok: true,
    tenant: {
      id: tenant.id,
      numericId: tenant.numericId,
      name: tenant.name,
      slug: tenant.slug,
      databaseName: tenant.databaseName,
      serverId: tenant.serverId,
      credentialSlot: tenant.credentialSlot,
      credentialVersion: tenant.credentialVersion,
    },
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

// The console's "last sign-in" column reads the landlord, not thousands of
// tenant databases. One conditional UPDATE, which changes nothing when the
// value is less than a minute old, so a busy tenant does not write it on every sign-in.
const SIGN_IN_RESOLUTION_MS = 60_000;

async function noteSignIn(tenantId: string): Promise<void> {
  const now = new Date();
  await landlord().tenant.updateMany({
    where: {
      id: tenantId,
      OR: [{ lastSignInAt: null }, { lastSignInAt: { lt: new Date(now.getTime() - SIGN_IN_RESOLUTION_MS) } }],
    },
    data: { lastSignInAt: now },
  });
}
