// Platform admins signing in at /admin/login: a password, then (when enrolled)
// a TOTP or recovery code, through the same throttle and audit as tenant
// sign-in (./sign-in-throttle.ts). An unknown email, a disabled admin and a
// wrong password get the same answer at the same cost; the reason is audited.
// Success makes a session row (./admin-sessions.ts) that every request checks.
import "server-only";
import { randomBytes } from "node:crypto";
import { landlord } from "../db/landlord";
import { isUniqueViolation } from "../db/unique-violation";
import { hashPassword, verifyAgainstDecoy, verifyPassword } from "../passwords";
import type { RequestInfo } from "../request";
import { createPlatformSession } from "./admin-sessions";
import { type Actor, audit } from "./audit";
import type { PlatformRole } from "./permissions";
import {
  accountKey,
  admitAttempt,
  auditRefusal,
  recordFailedCheck,
  recordSuccess,
  signInPolicy,
  type ThrottlePolicy,
} from "./sign-in-throttle";
import { checkSecondFactor } from "./two-factor";

export interface PlatformAdmin {
  id: string;
  email: string;
  name: string;
  role: PlatformRole;
  sessionId: string;
}

export type AdminSignIn =
  | { ok: true; admin: PlatformAdmin }
  | {
      ok: false;
      /** invalid: any mismatch; code_required / code_invalid: the password was right, the second factor is due. */
      reason: "invalid" | "code_required" | "code_invalid" | "locked" | "rate_limited" | "wait";
      retryAfterSeconds?: number;
    };

export function platformAccount(email: string): string {
  return accountKey("platform", email);
}

export async function signInPlatformAdmin(
  input: { email: string; password: string; code?: string },
  request: RequestInfo,
  policy: ThrottlePolicy = signInPolicy(),
): Promise<AdminSignIn> {
  const email = input.email.trim().toLowerCase().slice(0, 255);
  const actor: Actor = { type: "platform_admin", label: email, ip: request.ip, userAgent: request.userAgent };
  const account = platformAccount(email);
  const admission = await admitAttempt(account, request.ip, policy);
  if (!admission.allowed) {
    await auditRefusal(admission, actor, { realm: "platform", email });
    const reason = admission.scope === "account" ? "wait" : admission.reason;
    return { ok: false, reason, retryAfterSeconds: admission.retryAfterSeconds };
  }

  const user = await landlord().user.findUnique({ where: { email }, omit: { passwordHash: false } });
  const passwordOk = user
    ? await verifyPassword(input.password, user.passwordHash)
    : await verifyAgainstDecoy(input.password);
  const reason = !user
    ? "unknown_admin"
    : user.status !== "active"
      ? "admin_disabled"
      : !passwordOk
        ? "wrong_password"
        : null;
  if (reason || !user) {
    await recordFailedCheck({
      account,
      actor: { ...actor, id: user?.id.toString() },
      action: "auth.signin_failed",
      context: { realm: "platform", email, reason },
      policy,
    });
    return { ok: false, reason: "invalid" };
  }

  const known = { ...actor, id: user.id.toString() };
  if (user.totpEnabledAt) {
    const code = input.code?.trim();
    if (!code) return { ok: false, reason: "code_required" };
    const factor = await checkSecondFactor(user.id, code);
    if (!factor) {
      await recordFailedCheck({
        account,
        actor: known,
        action: "auth.code_failed",
        context: { realm: "platform", email, reason: "wrong_or_used_code" },
        policy,
      });
      return { ok: false, reason: "code_invalid" };
    }
    if (factor === "recovery") {
      await audit({ actor: known, action: "auth.recovery_code_used", context: { realm: "platform", email } });
    }
  }

  await recordSuccess(account, request.ip, policy);
  const sessionId = await createPlatformSession(user.id, request);
  await landlord().user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  await audit({ actor: known, action: "auth.signed_in", context: { realm: "platform", email, sessionId } });
  return {
    ok: true,
    admin: { id: user.id.toString(), email: user.email, name: user.name, role: user.role, sessionId },
  };
}

export type EnsureAdminResult =
  | { created: false; email: string }
  | { created: true; email: string; generatedPassword?: string };

/**
 * Creates the first platform admin, an owner, when there is none with this
 * email; never changes an existing one. The password comes from the caller,
 * or is generated and returned to be printed once.
 */
export async function ensurePlatformAdmin(email: string, password?: string): Promise<EnsureAdminResult> {
  const db = landlord();
  const normalized = email.trim().toLowerCase();
  if (await db.user.findUnique({ where: { email: normalized }, select: { id: true } })) {
    return { created: false, email: normalized };
  }
  const generated = password ? undefined : randomBytes(12).toString("base64url");
  const passwordHash = await hashPassword(password ?? (generated as string));
  try {
    await db.user.create({ data: { email: normalized, name: "Platform admin", passwordHash, role: "owner" } });
  } catch (error) {
    // Two starts at once: the other one created it.
    if (isUniqueViolation(error)) return { created: false, email: normalized };
    throw error;
  }
  return { created: true, email: normalized, generatedPassword: generated };
}
