// `tenants suspend <slug>` / `tenants activate <slug>`: the tenant's status,
// changed with an audit entry in the same transaction. Sign-in refuses the
// users of a suspended tenant; this module only changes the status.
import "server-only";
import { landlord } from "../db/landlord";
import { AppError } from "../errors";
import { type Actor, audit } from "../platform/audit";
import { normalizeSlug } from "../platform/slugs";
import { noSuchTenant, type TenantStatus } from "./fleet";

export interface StatusChange {
  tenantId: string;
  slug: string;
  from: TenantStatus;
  to: TenantStatus;
  changed: boolean;
}

export function suspendTenant(slug: string, actor: Actor): Promise<StatusChange> {
  return changeStatus(slug, "suspended", actor);
}

export function activateTenant(slug: string, actor: Actor): Promise<StatusChange> {
  return changeStatus(slug, "active", actor);
}

async function changeStatus(input: string, to: "active" | "suspended", actor: Actor): Promise<StatusChange> {
  const slug = normalizeSlug(input);
  const tenant = await landlord().tenant.findUnique({
    where: { slug },
    include: { applications: { select: { status: true } } },
  });
  if (!tenant) throw noSuchTenant(slug);
  if (tenant.deletedAt) throw new AppError("INVALID_STATE", `Tenant ${slug} is deleted.`, { slug });
  const result = { tenantId: tenant.id, slug, from: tenant.status, to };
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
        context: { slug, from: tenant.status, to },
      },
      tx,
    );
  });
  return { ...result, changed: true };
}
