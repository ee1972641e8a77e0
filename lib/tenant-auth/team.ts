// What a tenant admin changes about the organization's users: their role, and
// whether they may sign in (deactivated users' sessions end at once). The last
// active admin can never be deactivated or demoted, whoever asks (they
// themselves included): the check and the change are one transaction that
// first locks the admin role's row and then the active admins' rows (SELECT …
// FOR UPDATE), so every change that could remove an admin waits for the one
// before it and sees what it did. Of two admins demoting each other at once,
// exactly one wins.
import "server-only";
import type { TenantClient } from "../db/tenant-clients";
import { tenantTable } from "../db/tenant-sql";
import { AppError } from "../errors";
import { type Actor, audit } from "../platform/audit";
import type { TenantRole } from "./roles";
import { revokeOtherSessions, type Team } from "./sessions";
import type { OpenTenant } from "./tenants";

type Tx = Parameters<Parameters<TenantClient["$transaction"]>[0]>[0];

const ADMIN: TenantRole = "tenant_admin";

/** Locks the admin role and the active admins' rows until the transaction ends; returns those admins' ids. */
async function lockActiveAdmins(tx: Tx, tenant: OpenTenant): Promise<bigint[]> {
  const roles = tenantTable(tenant, "roles");
  const users = tenantTable(tenant, "tenant_users");
  const userRoles = tenantTable(tenant, "user_roles");
  // The role row first: one lock that every such change takes, in the same order, so none can deadlock.
  await tx.$queryRaw`SELECT id FROM ${roles} WHERE name = ${ADMIN} FOR UPDATE`;
  const rows = await tx.$queryRaw<{ id: bigint | number }[]>`
    SELECT u.id FROM ${users} u
      JOIN ${userRoles} ur ON ur.user_id = u.id
      JOIN ${roles} r ON r.id = ur.role_id
    WHERE r.name = ${ADMIN} AND u.status = 'active' AND u.deleted_at IS NULL
    FOR UPDATE`;
  return rows.map((row) => BigInt(row.id));
}

function refuseLastAdmin(admins: bigint[], userId: bigint, email: string, organization: string): void {
  if (admins.includes(userId) && admins.every((id) => id === userId)) {
    throw new AppError(
      "INVALID_STATE",
      `${email} is the last active admin of ${organization}: make someone else an admin first.`,
      { lastAdmin: true },
    );
  }
}

/** The user by uuid, read after the locks are held (so it is current), with their role names. */
async function targetUser(tx: Tx, tenant: OpenTenant, userId: string) {
  const user = await tx.tenantUser.findUnique({
    where: { uuid: userId },
    select: {
      id: true,
      email: true,
      status: true,
      tenantId: true,
      deletedAt: true,
      roles: { select: { role: { select: { name: true } } } },
    },
  });
  if (!user || user.deletedAt || user.tenantId !== tenant.numericId) throw new AppError("NOT_FOUND", "No such user.");
  return { ...user, roleNames: user.roles.map((r) => r.role.name) };
}

/** Gives the user exactly this role (one role a user, as invitations give it). */
export async function changeUserRole(
  { tenant, db }: Team,
  userId: string,
  role: TenantRole,
  actor: Actor,
): Promise<{ changed: boolean }> {
  const change = await db.$transaction(async (tx) => {
    const admins = await lockActiveAdmins(tx, tenant);
    const user = await targetUser(tx, tenant, userId);
    if (user.roleNames.length === 1 && user.roleNames[0] === role) return null;
    if (role !== ADMIN) refuseLastAdmin(admins, user.id, user.email, tenant.name);
    const next = await tx.role.findUnique({ where: { name: role }, select: { id: true } });
    if (!next) throw new AppError("INVALID_INPUT", `This organization has no role ${role}.`);
    await tx.userRole.deleteMany({ where: { userId: user.id } });
    await tx.userRole.create({ data: { userId: user.id, roleId: next.id } });
    return { email: user.email, from: user.roleNames };
  });
  if (!change) return { changed: false };
  await audit({
    actor,
    action: "tenant_user.role_changed",
    tenantId: tenant.id,
    context: { slug: tenant.slug, email: change.email, from: change.from, to: role },
  });
  return { changed: true };
}

/** Deactivates (every session of theirs ends in the same transaction) or reactivates a user. */
export async function setUserStatus(
  { tenant, db }: Team,
  userId: string,
  status: "active" | "inactive",
  actor: Actor,
): Promise<{ changed: boolean; sessionsEnded: number }> {
  const change = await db.$transaction(async (tx) => {
    const admins = await lockActiveAdmins(tx, tenant);
    const user = await targetUser(tx, tenant, userId);
    if (user.status === status) return null;
    if (status === "inactive") refuseLastAdmin(admins, user.id, user.email, tenant.name);
    await tx.tenantUser.update({ where: { id: user.id }, data: { status } });
    const sessionsEnded = status === "inactive" ? await revokeOtherSessions(tx, user.id) : 0;
    return { email: user.email, from: user.status, sessionsEnded };
  });
  if (!change) return { changed: false, sessionsEnded: 0 };
  await audit({
    actor,
    action: status === "inactive" ? "tenant_user.deactivated" : "tenant_user.reactivated",
    tenantId: tenant.id,
    context: { slug: tenant.slug, email: change.email, from: change.from, sessionsEnded: change.sessionsEnded },
  });
  return { changed: true, sessionsEnded: change.sessionsEnded };
}
