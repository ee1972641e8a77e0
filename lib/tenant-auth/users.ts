// The tenant's users, from the tenant's own database, for the tables of the
// home page and /{slug}/users. Paging, sorting and search are done here on
// the server; the page keeps them in the URL (?page=&sort=&dir=&q=).
import "server-only";
import { escapeLike } from "../db/like";
import type { TenantClient } from "../db/tenant-clients";
import type { Prisma } from "../generated/tenant/client";
import { listOpenInvitations, type OpenInvitation } from "./invitations";
import type { TenantSessionUser } from "./sessions";
import { PAGE_SIZE, type UserListParams, type UserPage, type UserSort } from "./user-list-params";

function orderBy(sort: UserSort, dir: "asc" | "desc"): Prisma.TenantUserOrderByWithRelationInput[] {
  if (sort === "name") return [{ lastName: dir }, { firstName: dir }, { id: "asc" }];
  return [{ [sort]: dir }, { id: "asc" }];
}

export async function listTenantUsers(
  db: TenantClient,
  tenantNumericId: bigint,
  params: UserListParams,
): Promise<UserPage> {
  // A searched "%" or "_" is a character to find, not a wildcard.
  const q = escapeLike(params.q);
  // The database holds one tenant only; scoping by tenant_id as well costs nothing and guards a mistake.
  const where: Prisma.TenantUserWhereInput = {
    tenantId: tenantNumericId,
    deletedAt: null,
    ...(q ? { OR: [{ firstName: { contains: q } }, { lastName: { contains: q } }, { email: { contains: q } }] } : {}),
  };
  const total = await db.tenantUser.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(params.page, pageCount);
  const users = await db.tenantUser.findMany({
    where,
    orderBy: orderBy(params.sort, params.dir),
    skip: (page - 1) * PAGE_SIZE,
    take: PAGE_SIZE,
    omit: { passwordHash: true },
    include: { roles: { include: { role: { select: { name: true } } } } },
  });
  return {
    rows: users.map((u) => ({
      uuid: u.uuid,
      name: `${u.firstName} ${u.lastName}`.trim(),
      email: u.email,
      status: u.status,
      roles: u.roles.map((r) => r.role.name),
      lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
      createdAt: u.createdAt.toISOString(),
    })),
    total,
    page,
    pageCount,
    params: { ...params, page },
  };
}

/** The signed-in user's own profile, with role names. */
export async function loadProfile(db: TenantClient, userId: bigint) {
  const user = await db.tenantUser.findUniqueOrThrow({
    where: { id: userId },
    omit: { passwordHash: true },
    include: { roles: { include: { role: { select: { name: true, description: true } } } } },
  });
  return {
    uuid: user.uuid,
    name: `${user.firstName} ${user.lastName}`.trim(),
    email: user.email,
    status: user.status,
    roles: user.roles.map((r) => r.role.description ?? r.role.name),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}

/**
 * /{slug}/users: the users table, and for those who manage users the open
 * invitations too (an invitee's address is not for everyone who may see the list).
 */
export async function loadUsersPage(
  { db, tenant }: Pick<TenantSessionUser, "db" | "tenant">,
  params: UserListParams,
  options: { manage: boolean },
): Promise<{ users: UserPage; invitations: OpenInvitation[] | null }> {
  const [users, invitations] = await Promise.all([
    listTenantUsers(db, tenant.numericId, params),
    options.manage ? listOpenInvitations(db) : null,
  ]);
  return { users, invitations };
}
