// The tenant's users, from the tenant's own database, for the home page's
// table. Paging, sorting and search are done here on the server; the page
// keeps them in the URL (?page=&sort=&dir=&q=).
import "server-only";
import { z } from "zod";
import type { TenantClient } from "../db/tenant-clients";
import type { Prisma } from "../generated/tenant/client";

export const USER_SORTS = ["name", "email", "status", "lastLoginAt", "createdAt"] as const;
export type UserSort = (typeof USER_SORTS)[number];

export const PAGE_SIZE = 20;

/** The table's URL state. Anything malformed falls back to the default instead of failing the page. */
export const userListParams = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  sort: z.enum(USER_SORTS).catch("name"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  q: z.string().trim().max(100).catch(""),
});

export type UserListParams = z.output<typeof userListParams>;

export interface UserRow {
  uuid: string;
  name: string;
  email: string;
  status: string;
  roles: string[];
  lastLoginAt: string | null;
  createdAt: string;
}

export interface UserPage {
  rows: UserRow[];
  total: number;
  page: number;
  pageCount: number;
  params: UserListParams;
}

function orderBy(sort: UserSort, dir: "asc" | "desc"): Prisma.TenantUserOrderByWithRelationInput[] {
  if (sort === "name") return [{ lastName: dir }, { firstName: dir }, { id: "asc" }];
  return [{ [sort]: dir }, { id: "asc" }];
}

export async function listTenantUsers(
  db: TenantClient,
  tenantNumericId: bigint,
  params: UserListParams,
): Promise<UserPage> {
  // The database holds one tenant only; scoping by tenant_id as well costs nothing and guards a mistake.
  const where: Prisma.TenantUserWhereInput = {
    tenantId: tenantNumericId,
    deletedAt: null,
    ...(params.q
      ? {
          OR: [
            { firstName: { contains: params.q } },
            { lastName: { contains: params.q } },
            { email: { contains: params.q } },
          ],
        }
      : {}),
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
