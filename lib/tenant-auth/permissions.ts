// What a tenant user may do, from the roles and permissions seeded by the
// tenant migrations (the tenant admin holds every permission).
import "server-only";
import type { TenantClient } from "../db/tenant-clients";

export type Permission = "tenant.manage" | "users.view" | "users.manage" | "committee.manage" | "registrations.review";

export async function hasPermission(db: TenantClient, userId: bigint, permission: Permission): Promise<boolean> {
  const found = await db.rolePermission.findFirst({
    where: { permission: { name: permission }, role: { users: { some: { userId } } } },
    select: { roleId: true },
  });
  return found !== null;
}
