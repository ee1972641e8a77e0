// /{slug}/change-password: the signed-in user replaces their password (forced
// while must_change_password is set). The current password is asked for again
// and a wrong one counts like a failed sign-in, so a borrowed session cannot
// be used to guess it. On success every other session of the user ends.
import "server-only";
import { AppError } from "../errors";
import { checkNewPassword } from "../new-password";
import { hashPassword, verifyPassword } from "../passwords";
import { type Actor, audit } from "../platform/audit";
import {
  admitAttempt,
  auditRefusal,
  recordFailedCheck,
  signInPolicy,
  type ThrottlePolicy,
} from "../platform/sign-in-throttle";
import { revokeOtherSessions, type TenantSessionUser } from "./sessions";
import { withdrawSetupTokens } from "./setup-tokens";
import { tenantAccount } from "./sign-in";
import { describeWait } from "./sign-in-messages";

export async function changePassword(
  { tenant, user, sessionId, db }: TenantSessionUser,
  input: { currentPassword: string; password: string },
  actor: Actor,
  policy: ThrottlePolicy = signInPolicy(),
): Promise<{ sessionsEnded: number }> {
  const ip = actor.ip ?? "unknown";
  const account = tenantAccount(tenant.slug, user.email);
  const admission = await admitAttempt(account, ip, policy, { signedIn: true });
  if (!admission.allowed) {
    await auditRefusal(admission, actor, { slug: tenant.slug, email: user.email }, tenant.id);
    throw new AppError(
      "RATE_LIMITED",
      `Too many attempts. Try again in ${describeWait(admission.retryAfterSeconds)}.`,
      {
        retryAfterSeconds: admission.retryAfterSeconds,
      },
    );
  }
  const { passwordHash, mustChangePassword } = await db.tenantUser.findUniqueOrThrow({
    where: { id: user.id },
    select: { passwordHash: true, mustChangePassword: true },
  });
  if (!(await verifyPassword(input.currentPassword, passwordHash))) {
    await recordFailedCheck({
      account,
      actor,
      action: "auth.password_change_failed",
      tenantId: tenant.id,
      context: { slug: tenant.slug, email: user.email, reason: "wrong_current_password" },
      policy,
    });
    const message = "That is not your current password.";
    throw new AppError("INVALID_INPUT", message, { fieldErrors: { currentPassword: [message] } });
  }
  await checkNewPassword(input.password, { hash: passwordHash, initial: mustChangePassword });
  const newHash = await hashPassword(input.password);
  const sessionsEnded = await db.$transaction(async (tx) => {
    await tx.tenantUser.update({
      where: { id: user.id },
      data: { passwordHash: newHash, mustChangePassword: false, passwordExpiresAt: null },
    });
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
