// What a tenant user may do: the one permission module of a tenant's space.
// Every page (lib/auth/tenant-page.ts) and action (lib/actions.ts tenantAction)
// asks here, on the server. The grants are the tenant's own data (roles,
// role_permissions and user_roles in its database, seeded by the tenant
// migrations), read once per request, so a changed role counts at the next request.
import "server-only";
import { cache } from "react";
import type { TenantClient } from "../db/tenant-clients";
import { AppError } from "../errors";
import { deniedMessage, isTenantPermission, type TenantPermission } from "./roles";

export type { TenantPermission } from "./roles";

/** Every permission the user's roles grant. React's cache() shares it within one server render. */
export const permissionsOf = cache(async (db: TenantClient, userId: bigint): Promise<ReadonlySet<TenantPermission>> => {
  const rows = await db.permission.findMany({
    where: { roles: { some: { role: { users: { some: { userId } } } } } },
    select: { name: true },
  });
  return new Set(rows.map((row) => row.name).filter(isTenantPermission));
});

export async function hasPermission(db: TenantClient, userId: bigint, permission: TenantPermission): Promise<boolean> {
  return (await permissionsOf(db, userId)).has(permission);
}

/** FORBIDDEN unless the user's roles grant `permission`. */
export async function requirePermission(
  { db, user }: { db: TenantClient; user: { id: bigint } },
  permission: TenantPermission,
): Promise<void> {
  if (!(await hasPermission(db, user.id, permission))) {
    throw new AppError("FORBIDDEN", deniedMessage(permission), { permission });
  }
}
