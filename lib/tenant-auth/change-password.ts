// /{slug}/change-password: the signed-in user replaces their password (forced
// while must_change_password is set). The current password is asked for again
// and a wrong one counts like a failed sign-in, so a borrowed session cannot
// be used to guess it. On success every other session of the user ends.
import { setTimeout as sleep } from "node:timers/promises";
import type { TenantRequest } from "../auth/tenant";
import { AppError } from "../errors";
import { hashPassword, verifyPassword } from "../passwords";
import { type Actor, audit } from "../platform/audit";
import { checkNewPassword } from "./new-password";
import { revokeOtherSessions } from "./sessions";
import { withdrawSetupTokens } from "./setup-tokens";
import { describeWait } from "./sign-in-messages";
import { admitSignIn, recordSignInFailure, SIGN_IN_POLICY, type ThrottlePolicy } from "./throttle";

export async function changePassword(
  { tenant, user, sessionId, db }: Pick<TenantRequest, "tenant" | "user" | "sessionId" | "db">,
  input: { currentPassword: string; password: string },
  actor: Actor,
  policy: ThrottlePolicy = SIGN_IN_POLICY,
): Promise<{ sessionsEnded: number }> {
  const ip = actor.ip ?? "unknown";
  const admission = await admitSignIn(tenant.slug, user.email, ip, policy);
  if (!admission.allowed) {
    throw new AppError("RATE_LIMITED", `Too many attempts. Try again in ${describeWait(admission.retryAfterSeconds)}.`);
  }
  const { passwordHash } = await db.tenantUser.findUniqueOrThrow({
    where: { id: user.id },
    select: { passwordHash: true },
  });
  if (!(await verifyPassword(input.currentPassword, passwordHash))) {
    const outcome = await recordSignInFailure(tenant.slug, user.email, ip, policy);
    await audit({
      actor,
      action: "auth.password_change_failed",
      tenantId: tenant.id,
      context: {
        slug: tenant.slug,
        email: user.email,
        reason: "wrong_current_password",
        failures: outcome.accountFailures,
      },
    });
    for (const scope of outcome.lockedNow) {
      await audit({
        actor,
        action: "auth.locked_out",
        tenantId: tenant.id,
        context: { slug: tenant.slug, email: user.email, scope },
      });
    }
    await sleep(outcome.delayMs);
    const message = "That is not your current password.";
    throw new AppError("INVALID_INPUT", message, { fieldErrors: { currentPassword: [message] } });
  }
  await checkNewPassword(input.password, passwordHash);
  const newHash = await hashPassword(input.password);
  const sessionsEnded = await db.$transaction(async (tx) => {
    await tx.tenantUser.update({ where: { id: user.id }, data: { passwordHash: newHash, mustChangePassword: false } });
    return revokeOtherSessions(tx, user.id, sessionId);
  });
  await withdrawSetupTokens(tenant.id, user.email);
  await audit({
    actor,
    action: "auth.password_changed",
    tenantId: tenant.id,
    context: { slug: tenant.slug, email: user.email, wasForced: user.mustChangePassword, sessionsEnded },
  });
  return { sessionsEnded };
}
