// Invitations to an organization's space, sent by its admins from /{slug}/users.
// The same token rules as the setup link (./setup-tokens.ts): only a sha256 of
// the token is stored, in the tenant's own database; a link expires
// (INVITATION_TTL_HOURS), works once (./join.ts uses it up with one conditional
// UPDATE) and at most one link per address works: a new or resent invitation
// withdraws the earlier ones, and an admin can withdraw one.
import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { createElement } from "react";
import { TenantInvitationEmail } from "@/emails/tenant-invitation";
import type { TenantClient } from "../db/tenant-clients";
import { env } from "../env";
import { AppError } from "../errors";
import { sendEmail } from "../mail/send";
import { type Actor, audit } from "../platform/audit";
import { isTenantRole, ROLE_LABELS, type TenantRole } from "./roles";
import type { Team } from "./sessions";
import { hashToken } from "./setup-tokens";

type Tx = Parameters<Parameters<TenantClient["$transaction"]>[0]>[0];

interface Invitee {
  email: string;
  firstName: string;
  lastName: string;
  roleId: bigint;
}

export interface OpenInvitation {
  id: string;
  email: string;
  name: string;
  role: string;
  invitedBy: string | null;
  expiresAt: Date;
  expired: boolean;
}

async function refuseExistingUser(db: TenantClient | Tx, email: string, organization: string): Promise<void> {
  if (await db.tenantUser.findUnique({ where: { email }, select: { id: true } })) {
    const message = `${email} is already a user of ${organization}: change their role or reactivate them instead.`;
    throw new AppError("CONFLICT", message, { fieldErrors: { email: [message] } });
  }
}

/** A new link for the invitee; every earlier open link to the same address is withdrawn in the same transaction. */
async function issue(tx: Tx, invitee: Invitee, invitedById: bigint) {
  const token = randomBytes(32).toString("base64url");
  await tx.tenantUserInvitation.updateMany({
    where: { email: invitee.email, usedAt: null, withdrawnAt: null },
    data: { withdrawnAt: new Date() },
  });
  const invitation = await tx.tenantUserInvitation.create({
    data: {
      uuid: randomUUID(),
      ...invitee,
      tokenHash: hashToken(token),
      invitedById,
      expiresAt: new Date(Date.now() + env().INVITATION_TTL_HOURS * 3600_000),
    },
  });
  return { invitation, token };
}

async function send(team: Team, invitee: Invitee & { uuid: string }, role: TenantRole, token: string) {
  const config = env();
  const joinUrl = `${config.APP_URL}/${team.tenant.slug}/join/${token}`;
  return sendEmail({
    template: "tenant-invitation",
    to: invitee.email,
    subject: `You are invited to ${team.tenant.name} on the Election Platform`,
    idempotencyKey: `tenant-invitation:${team.tenant.id}:${invitee.uuid}`,
    tenantId: team.tenant.id,
    secrets: async () => ({ joinUrl }),
    react: (secret) =>
      createElement(TenantInvitationEmail, {
        organizationName: team.tenant.name,
        name: `${invitee.firstName} ${invitee.lastName}`.trim(),
        invitedBy: `${team.user.firstName} ${team.user.lastName}`.trim() || team.user.email,
        role: ROLE_LABELS[role],
        joinUrl: secret.joinUrl ?? "",
        expiresInHours: config.INVITATION_TTL_HOURS,
      }),
  });
}

export async function inviteUser(
  team: Team,
  input: { email: string; firstName: string; lastName: string; role: TenantRole },
  actor: Actor,
): Promise<{ invitationId: string; email: string; delivery: "sent" | "stored" }> {
  const { tenant, db, user } = team;
  const email = input.email.trim().toLowerCase();
  await refuseExistingUser(db, email, tenant.name);
  const role = await db.role.findUnique({ where: { name: input.role }, select: { id: true } });
  if (!role) throw new AppError("INVALID_INPUT", `This organization has no role ${input.role}.`);
  const invitee = { email, firstName: input.firstName.trim(), lastName: input.lastName.trim(), roleId: role.id };
  const { invitation, token } = await db.$transaction((tx) => issue(tx, invitee, user.id));
  const sent = await send(team, invitation, input.role, token);
  await audit({
    actor,
    action: "tenant_user.invited",
    tenantId: tenant.id,
    context: { slug: tenant.slug, email, role: input.role, invitationId: invitation.uuid, emailId: sent.id },
  });
  return { invitationId: invitation.uuid, email, delivery: sent.status };
}

/** A new link for an open invitation (expired ones too): the old link stops working at once. */
export async function resendInvitation(
  team: Team,
  invitationId: string,
  actor: Actor,
): Promise<{ invitationId: string; email: string }> {
  const { tenant, db, user } = team;
  const old = await db.tenantUserInvitation.findUnique({ where: { uuid: invitationId }, include: { role: true } });
  if (!old) throw new AppError("NOT_FOUND", "No such invitation.");
  await refuseExistingUser(db, old.email, tenant.name);
  const role = old.role.name;
  if (!isTenantRole(role)) throw new AppError("INVALID_STATE", `The invitation's role ${role} is not one of ours.`);
  const invitee = { email: old.email, firstName: old.firstName, lastName: old.lastName, roleId: old.roleId };
  const { invitation, token } = await db.$transaction(async (tx) => {
    const withdrawn = await tx.tenantUserInvitation.updateMany({
      where: { id: old.id, usedAt: null, withdrawnAt: null },
      data: { withdrawnAt: new Date() },
    });
    if (withdrawn.count !== 1) {
      throw new AppError("INVALID_STATE", `The invitation to ${old.email} was used or withdrawn already.`);
    }
    return issue(tx, invitee, user.id);
  });
  await send(team, invitation, role, token);
  await audit({
    actor,
    action: "tenant_user.invitation_resent",
    tenantId: tenant.id,
    context: { slug: tenant.slug, email: old.email, invitationId: invitation.uuid, replaces: old.uuid },
  });
  return { invitationId: invitation.uuid, email: old.email };
}

/** Withdraws an open invitation (expired or not): its link stops working. */
export async function withdrawInvitation(team: Team, invitationId: string, actor: Actor): Promise<void> {
  const { tenant, db } = team;
  const invitation = await db.tenantUserInvitation.findUnique({ where: { uuid: invitationId } });
  if (!invitation) throw new AppError("NOT_FOUND", "No such invitation.");
  const withdrawn = await db.tenantUserInvitation.updateMany({
    where: { id: invitation.id, usedAt: null, withdrawnAt: null },
    data: { withdrawnAt: new Date() },
  });
  if (withdrawn.count !== 1) {
    throw new AppError("INVALID_STATE", `The invitation to ${invitation.email} was used or withdrawn already.`);
  }
  await audit({
    actor,
    action: "tenant_user.invitation_withdrawn",
    tenantId: tenant.id,
    context: { slug: tenant.slug, email: invitation.email, invitationId },
  });
}

/** Invitations neither used nor withdrawn, newest first; an expired one stays listed until resent or withdrawn. */
export async function listOpenInvitations(db: TenantClient): Promise<OpenInvitation[]> {
  const rows = await db.tenantUserInvitation.findMany({
    where: { usedAt: null, withdrawnAt: null },
    orderBy: { createdAt: "desc" },
    include: { role: { select: { name: true } }, invitedBy: { select: { email: true } } },
  });
  const now = Date.now();
  return rows.map((row) => ({
    id: row.uuid,
    email: row.email,
    name: `${row.firstName} ${row.lastName}`.trim(),
    role: row.role.name,
    invitedBy: row.invitedBy?.email ?? null,
    expiresAt: row.expiresAt,
    expired: row.expiresAt.getTime() <= now,
  }));
}
