// Suspending and activating a tenant (`tenants suspend|activate`, the
// console): the status changes with its audit entry (and the admin's reason)
// in one transaction. Suspending then revokes every live session in the
// tenant's own `tenant_sessions`, so its users are signed out at once; every
// tenant request already refuses a suspended tenant (lib/auth/tenant.ts), and
// so does sign-in (lib/tenant-auth/sign-in.ts).
import "server-only";
import { landlord } from "../db/landlord";
import { tenantClient } from "../db/tenant-clients";
import { AppError, describeError } from "../errors";
import { type Actor, audit } from "../platform/audit";
import { normalizeSlug } from "../platform/slugs";
import { noSuchTenant, type TenantStatus } from "./fleet";

export interface StatusChange {
  tenantId: string;
  slug: string;
  from: TenantStatus;
  to: TenantStatus;
  changed: boolean;
  /** Sessions a suspension ended; null when the tenant's database could not be reached (its status refuses them anyway). */
  sessionsRevoked: number | null;
}

export interface StatusOptions {
  /** Why, in the admin's words: kept in the audit entry. */
  reason?: string;
}

export async function suspendTenant(slug: string, actor: Actor, options: StatusOptions = {}): Promise<StatusChange> {
  const change = await changeStatus(slug, "suspended", actor, options);
  if (!change.changed) return change;
  return { ...change, sessionsRevoked: await revokeAllSessions(change.slug) };
}

export function activateTenant(slug: string, actor: Actor, options: StatusOptions = {}): Promise<StatusChange> {
  return changeStatus(slug, "active", actor, options);
}

async function changeStatus(
  input: string,
  to: "active" | "suspended",
  actor: Actor,
  { reason }: StatusOptions,
): Promise<StatusChange> {
  const slug = normalizeSlug(input);
  const tenant = await landlord().tenant.findUnique({
    where: { slug },
    include: { applications: { select: { status: true } } },
  });
  if (!tenant) throw noSuchTenant(slug);
  if (tenant.deletedAt) throw new AppError("INVALID_STATE", `Tenant ${slug} is deleted.`, { slug });
  const result = { tenantId: tenant.id, slug, from: tenant.status, to, sessionsRevoked: 0 };
  if (tenant.status === to) return { ...result, changed: false };
  if (to === "active" && !tenant.applications.some((a) => a.status === "provisioned")) {
    const statuses = tenant.applications.map((a) => a.status).join(", ") || "no application";
    throw new AppError(
      "INVALID_STATE",
      `Tenant ${slug} has not finished provisioning (${statuses}); it cannot be activated yet.`,
      { slug },
    );
  }
  await landlord().$transaction(async (tx) => {
    const updated = await tx.tenant.updateMany({
      where: { id: tenant.id, status: tenant.status, deletedAt: null },
      data: { status: to },
    });
    if (updated.count !== 1) throw new AppError("CONFLICT", `Tenant ${slug} changed meanwhile; try again.`, { slug });
    await audit(
      {
        actor,
        action: to === "suspended" ? "tenant.suspended" : "tenant.activated",
        tenantId: tenant.id,
        context: { slug, from: tenant.status, to, ...(reason ? { reason } : {}) },
      },
      tx,
    );
  });
  return { ...result, changed: true };
}

/** Ends every live session of the tenant's users; null when its database cannot be reached. */
async function revokeAllSessions(slug: string): Promise<number | null> {
  const tenant = await landlord().tenant.findUniqueOrThrow({
    where: { slug },
    select: { id: true, databaseName: true, serverId: true, credentialSlot: true, credentialVersion: true },
  });
  try {
    const revoked = await tenantClient(tenant).tenantSession.updateMany({
      where: { revokedAt: null },
      data: { revokedAt: new Date() },
    });
    return revoked.count;
  } catch (error) {
    console.error(
      `[suspension] could not end ${slug}'s sessions (its status refuses them anyway):`,
      describeError(error),
    );
    return null;
  }
}
