// Managing platform admins (owners only, through lib/actions.ts with
// "admins.manage"; the operator through `tenants admins:*`): invitations by a
// one-time link, disabling and re-enabling, roles, resetting two-factor, and
// an admin's own password. The last active owner can never be disabled or
// demoted, whoever asks: the check and the change are one transaction that
// locks the owners' rows, so two owners demoting each other at once cannot both win.
import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createElement } from "react";
import { AdminInvitationEmail } from "@/emails/admin-invitation";
import { type LandlordTx, landlord } from "../db/landlord";
import { isUniqueViolation } from "../db/unique-violation";
import { env } from "../env";
import { AppError } from "../errors";
import { sendEmail } from "../mail/send";
import { checkNewPassword } from "../new-password";
import { hashPassword, verifyPassword } from "../passwords";
import { describeWait } from "../rate-limit";
import { revokeOtherPlatformSessions } from "./admin-sessions";
import { type Actor, audit } from "./audit";
import { type PlatformRole, ROLE_LABELS } from "./permissions";
import { accountKey, admitAttempt, recordFailedCheck } from "./sign-in-throttle";
import { resetTwoFactor } from "./two-factor";

const INVITATION_HOURS = 72;
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

function actorId(actor: Actor): bigint | null {
  return actor.type === "platform_admin" && actor.id && /^\d+$/.test(actor.id) ? BigInt(actor.id) : null;
}

async function adminById(id: bigint, tx: LandlordTx = landlord()) {
  const admin = await tx.user.findUnique({ where: { id } });
  if (!admin) throw new AppError("NOT_FOUND", "No such platform admin.");
  return admin;
}

/** Refuses a change that would leave no active owner. Runs inside the change's transaction. */
async function keepAnOwner(tx: LandlordTx, changing: bigint): Promise<void> {
  const owners = await tx.$queryRaw<{ id: bigint }[]>`
    SELECT id FROM users WHERE role = 'owner' AND status = 'active' FOR UPDATE`;
  if (owners.every((o) => BigInt(o.id) === changing)) {
    throw new AppError("INVALID_STATE", "This is the last active owner: make another admin an owner first.");
  }
}

export async function inviteAdmin(
  input: { email: string; name: string; role: PlatformRole },
  actor: Actor,
): Promise<{ invitationId: string }> {
  const email = input.email.trim().toLowerCase();
  if (await landlord().user.findUnique({ where: { email }, select: { id: true } })) {
    throw new AppError("CONFLICT", `${email} is a platform admin already.`, {
      fieldErrors: { email: ["Already an admin."] },
    });
  }
  const id = randomUUID();
  const config = env();
  // Withdrawn: an earlier invitation to this address (at most one link works).
  await landlord().adminInvitation.updateMany({
    where: { email, usedAt: null, withdrawnAt: null },
    data: { withdrawnAt: new Date() },
  });
  await sendEmail({
    template: "admin-invitation",
    to: email,
    subject: "You are invited to the Election Platform's console",
    idempotencyKey: `admin-invitation:${id}`,
    secrets: async () => {
      const token = randomBytes(32).toString("base64url");
      await landlord().adminInvitation.create({
        data: {
          id,
          email,
          name: input.name.trim(),
          role: input.role,
          tokenHash: hashToken(token),
          invitedById: actorId(actor),
          expiresAt: new Date(Date.now() + INVITATION_HOURS * 3600_000),
        },
      });
      return { acceptUrl: `${config.APP_URL}/admin/invite/${token}` };
    },
    react: (secret) =>
      createElement(AdminInvitationEmail, {
        name: input.name.trim(),
        invitedBy: actor.label ?? "A platform owner",
        role: ROLE_LABELS[input.role],
        acceptUrl: secret.acceptUrl ?? "",
        expiresInHours: INVITATION_HOURS,
      }),
  });
  await audit({ actor, action: "admin.invited", context: { email, role: input.role, invitationId: id } });
  return { invitationId: id };
}

/** Withdraws an open invitation: its link stops working. Refused once it was used, expired or withdrawn. */
export async function withdrawInvitation(id: string, actor: Actor): Promise<void> {
  await landlord().$transaction(async (tx) => {
    const invitation = await tx.adminInvitation.findUnique({ where: { id } });
    if (!invitation) throw new AppError("NOT_FOUND", "No such invitation.");
    const withdrawn = await tx.adminInvitation.updateMany({
      where: { id, usedAt: null, withdrawnAt: null, expiresAt: { gt: new Date() } },
      data: { withdrawnAt: new Date() },
    });
    if (withdrawn.count !== 1) {
      throw new AppError(
        "INVALID_STATE",
        `The invitation to ${invitation.email} was used, withdrawn or expired already.`,
      );
    }
    await audit(
      { actor, action: "admin.invitation_withdrawn", context: { email: invitation.email, invitationId: id } },
      tx,
    );
  });
}

export type InvitationLookup =
  | { ok: true; id: string; email: string; name: string; role: PlatformRole }
  | { ok: false; problem: "unknown" | "used" | "expired" };

export async function lookupInvitation(token: string): Promise<InvitationLookup> {
  if (!token || token.length > 200) return { ok: false, problem: "unknown" };
  const row = await landlord().adminInvitation.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.withdrawnAt) return { ok: false, problem: "unknown" };
  if (row.usedAt) return { ok: false, problem: "used" };
  if (row.expiresAt.getTime() <= Date.now()) return { ok: false, problem: "expired" };
  return { ok: true, id: row.id, email: row.email, name: row.name, role: row.role };
}

/** Joins with the invitation's link: the admin is created with the chosen password. */
export async function acceptInvitation(token: string, password: string, actor: Actor): Promise<{ email: string }> {
  const found = await lookupInvitation(token);
  if (!found.ok)
    throw new AppError("INVALID_STATE", "This invitation link cannot be used: ask an owner for a new one.");
  await checkNewPassword(password, { hash: await hashPassword(randomBytes(16).toString("hex")), initial: false });
  const passwordHash = await hashPassword(password);
  try {
    await landlord().$transaction(async (tx) => {
      const used = await tx.adminInvitation.updateMany({
        where: { id: found.id, usedAt: null, withdrawnAt: null, expiresAt: { gt: new Date() } },
        data: { usedAt: new Date() },
      });
      if (used.count !== 1) throw new AppError("INVALID_STATE", "This invitation was used a moment ago.");
      const user = await tx.user.create({
        data: { email: found.email, name: found.name, role: found.role, passwordHash, passwordChangedAt: new Date() },
      });
      await audit(
        {
          actor: { ...actor, id: user.id.toString(), label: found.email },
          action: "admin.joined",
          context: { email: found.email, role: found.role },
        },
        tx,
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", `${found.email} is a platform admin already.`);
    throw error;
  }
  return { email: found.email };
}

export async function setAdminStatus(id: bigint, status: "active" | "disabled", actor: Actor): Promise<void> {
  await landlord().$transaction(async (tx) => {
    const admin = await adminById(id, tx);
    if (admin.status === status) return;
    if (status === "disabled" && admin.role === "owner") await keepAnOwner(tx, id);
    await tx.user.update({ where: { id }, data: { status, disabledAt: status === "disabled" ? new Date() : null } });
    await audit(
      { actor, action: status === "disabled" ? "admin.disabled" : "admin.enabled", context: { email: admin.email } },
      tx,
    );
  });
  if (status === "disabled") await revokeOtherPlatformSessions(id);
}

export async function changeAdminRole(id: bigint, role: PlatformRole, actor: Actor): Promise<void> {
  await landlord().$transaction(async (tx) => {
    const admin = await adminById(id, tx);
    if (admin.role === role) return;
    if (admin.role === "owner") await keepAnOwner(tx, id);
    await tx.user.update({ where: { id }, data: { role } });
    await audit(
      { actor, action: "admin.role_changed", context: { email: admin.email, from: admin.role, to: role } },
      tx,
    );
  });
}

/** Turns an admin's two-factor off (a lost authenticator); they enrol again at next sign-in when it is required. */
export async function resetAdminTwoFactor(id: bigint, actor: Actor): Promise<void> {
  const admin = await adminById(id);
  await resetTwoFactor(id);
  await revokeOtherPlatformSessions(id);
  await audit({ actor, action: "admin.two_factor_reset", context: { email: admin.email } });
}

/** An admin changes their own password: the current one first; their other sessions end. */
export async function changeOwnPassword(
  id: bigint,
  input: { currentPassword: string; password: string },
  keepSessionId: string,
  actor: Actor,
): Promise<{ sessionsEnded: number }> {
  const admin = await landlord().user.findUniqueOrThrow({ where: { id }, omit: { passwordHash: false } });
  // The current password is checked like a sign-in, so a borrowed session cannot be used to guess it.
  const account = accountKey("platform", admin.email);
  const admission = await admitAttempt(account, actor.ip ?? "unknown", undefined, { signedIn: true });
  if (!admission.allowed) {
    throw new AppError("RATE_LIMITED", `Too many attempts. Try again in ${describeWait(admission.retryAfterSeconds)}.`);
  }
  if (!(await verifyPassword(input.currentPassword, admin.passwordHash))) {
    await recordFailedCheck({
      account,
      actor,
      action: "auth.password_change_failed",
      context: { realm: "platform", email: admin.email, reason: "wrong_current_password" },
    });
    const message = "That is not your current password.";
    throw new AppError("INVALID_INPUT", message, { fieldErrors: { currentPassword: [message] } });
  }
  await checkNewPassword(input.password, { hash: admin.passwordHash, initial: false });
  await landlord().user.update({
    where: { id },
    data: { passwordHash: await hashPassword(input.password), passwordChangedAt: new Date() },
  });
  const sessionsEnded = await revokeOtherPlatformSessions(id, keepSessionId);
  await audit({
    actor,
    action: "auth.password_changed",
    context: { realm: "platform", email: admin.email, sessionsEnded },
  });
  return { sessionsEnded };
}

/** "Sign out everywhere else" on /admin/account: every session of the admin but this one ends, audited. */
export async function signOutOtherSessions(id: bigint, keepSessionId: string, actor: Actor): Promise<number> {
  const sessionsEnded = await revokeOtherPlatformSessions(id, keepSessionId);
  await audit({ actor, action: "auth.signed_out_elsewhere", context: { realm: "platform", sessionsEnded } });
  return sessionsEnded;
}

/** The operator's tools: create an admin, or give one a new password (printed once by the command line). */
export async function createAdmin(email: string, role: PlatformRole, actor: Actor, password?: string) {
  const normalized = email.trim().toLowerCase();
  const chosen = password ?? randomBytes(12).toString("base64url");
  try {
    await landlord().user.create({
      data: {
        email: normalized,
        name: normalized.split("@")[0] ?? normalized,
        role,
        passwordHash: await hashPassword(chosen),
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", `${normalized} is a platform admin already.`);
    throw error;
  }
  await audit({ actor, action: "admin.created", context: { email: normalized, role } });
  return { email: normalized, password: password ? undefined : chosen };
}

export async function resetAdminPassword(email: string, actor: Actor): Promise<{ email: string; password: string }> {
  const normalized = email.trim().toLowerCase();
  const admin = await landlord().user.findUnique({ where: { email: normalized } });
  if (!admin) throw new AppError("NOT_FOUND", `${normalized} is not a platform admin.`);
  const password = randomBytes(12).toString("base64url");
  await landlord().user.update({
    where: { id: admin.id },
    data: {
      passwordHash: await hashPassword(password),
      passwordChangedAt: new Date(),
      status: "active",
      disabledAt: null,
    },
  });
  await revokeOtherPlatformSessions(admin.id);
  await audit({ actor, action: "admin.password_reset", context: { email: normalized } });
  return { email: normalized, password };
}

export async function adminIdByEmail(email: string): Promise<bigint> {
  const admin = await landlord().user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true },
  });
  if (!admin) throw new AppError("NOT_FOUND", `${email} is not a platform admin.`);
  return admin.id;
}

/** Every admin and open invitation, for /admin/admins. */
export async function listAdmins() {
  const [admins, invitations] = await Promise.all([
    landlord().user.findMany({
      orderBy: [{ status: "asc" }, { email: "asc" }],
      select: {
        id: true,
        email: true,
        name: true,
        role: true,
        status: true,
        totpEnabledAt: true,
        lastLoginAt: true,
        createdAt: true,
      },
    }),
    landlord().adminInvitation.findMany({
      where: { usedAt: null, withdrawnAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: "desc" },
      select: { id: true, email: true, name: true, role: true, expiresAt: true, createdAt: true },
    }),
  ]);
  return { admins, invitations };
}
