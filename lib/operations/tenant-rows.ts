// The console's tenants list: one page of tenants with their snapshot, and
// the tab counts. It reads landlord tables only (tenants, tenant_snapshots,
// tenant_maintenance_holds), never a tenant database or information_schema,
// so a page view costs the same at thousands of tenants as at ten.
//
// Paging is by offset (LIMIT/OFFSET) over index-ordered walks: every sort
// column has an index (tenants: created_at, slug, name, last_sign_in_at;
// tenant_snapshots: database_bytes, users_count) with the id as tie-breaker,
// and a fleet is thousands of rows, not millions, so skipping to the last page
// walks a few thousand index entries. Search is a prefix match on the indexed
// slug, name and email (a leading-% LIKE could use no index).
import "server-only";
import { landlord } from "../db/landlord";
import { escapeLike } from "../db/like";
import type { HoldKind, Prisma, TenantSnapshot, TenantStatus } from "../generated/landlord/client";
import { holdInForce } from "../tenant-auth/maintenance";
import type { TenantListParams, TenantTab } from "./tenant-list-params";

export type MigrationState = "up-to-date" | "pending" | "failed";

export interface SnapshotView {
  databaseExists: boolean;
  databaseBytes: number | null;
  tables: number | null;
  migrations: MigrationState | null;
  migrationsApplied: number | null;
  migrationsPending: number | null;
  migrationsFailed: number | null;
  healthOk: boolean;
  problems: string[];
  users: number | null;
  admins: number | null;
  refreshedAt: string;
}

export interface TenantRow {
  id: string;
  slug: string;
  name: string;
  email: string;
  status: TenantStatus;
  deleted: boolean;
  /** The kinds of the holds in force; empty when not in maintenance. */
  maintenance: HoldKind[];
  createdAt: string;
  lastSignInAt: string | null;
  snapshot: SnapshotView | null;
}

export interface TenantListPage {
  rows: TenantRow[];
  /** Rows matching the search in the selected tab. */
  total: number;
  /** Rows matching the search, per tab. */
  counts: Record<TenantTab, number>;
  /** Rows matching the search that are not deleted. */
  all: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

export function snapshotView(s: TenantSnapshot | null): SnapshotView | null {
  if (!s) return null;
  const migrations: MigrationState | null =
    s.migrationsApplied === null
      ? null
      : (s.migrationsFailed ?? 0) > 0
        ? "failed"
        : (s.migrationsPending ?? 0) > 0
          ? "pending"
          : "up-to-date";
  return {
    databaseExists: s.databaseExists,
    databaseBytes: s.databaseBytes === null ? null : Number(s.databaseBytes),
    tables: s.tables,
    migrations,
    migrationsApplied: s.migrationsApplied,
    migrationsPending: s.migrationsPending,
    migrationsFailed: s.migrationsFailed,
    healthOk: s.healthOk,
    problems: s.problems ? s.problems.split("\n") : [],
    users: s.usersCount,
    admins: s.adminsCount,
    refreshedAt: s.refreshedAt.toISOString(),
  };
}

function searchWhere(q: string | undefined): Prisma.TenantWhereInput {
  if (!q) return {};
  const prefix = escapeLike(q);
  return {
    OR: [{ slug: { startsWith: prefix } }, { name: { startsWith: prefix } }, { email: { startsWith: prefix } }],
  };
}

function tabWhere(tab: TenantTab | undefined, now: Date): Prisma.TenantWhereInput {
  if (tab === "deleted") return { deletedAt: { not: null } };
  if (tab === "maintenance") return { deletedAt: null, holds: { some: holdInForce(now) } };
  return tab ? { deletedAt: null, status: tab } : { deletedAt: null };
}

function orderBy({ sort, dir }: TenantListParams): Prisma.TenantOrderByWithRelationInput[] {
  if (sort === "databaseBytes") return [{ snapshot: { databaseBytes: dir } }, { id: dir }];
  if (sort === "usersCount") return [{ snapshot: { usersCount: dir } }, { id: dir }];
  if (sort === "slug") return [{ slug: dir }];
  return [{ [sort]: dir }, { id: dir }];
}

export async function listTenantRows(params: TenantListParams, now = new Date()): Promise<TenantListPage> {
  const db = landlord();
  const search = searchWhere(params.q);
  const where = { AND: [search, tabWhere(params.tab, now)] };
  const fetchPage = (page: number) =>
    db.tenant.findMany({
      where,
      orderBy: orderBy(params),
      skip: (page - 1) * params.pageSize,
      take: params.pageSize,
      include: { snapshot: true, holds: { where: holdInForce(now), select: { kind: true } } },
    });

  const [grouped, inMaintenance, deleted, firstTry] = await Promise.all([
    db.tenant.groupBy({ by: ["status"], where: { AND: [search, { deletedAt: null }] }, _count: { _all: true } }),
    db.tenant.count({ where: { AND: [search, tabWhere("maintenance", now)] } }),
    db.tenant.count({ where: { AND: [search, tabWhere("deleted", now)] } }),
    fetchPage(params.page),
  ]);
  const counts: Record<TenantTab, number> = {
    active: 0,
    suspended: 0,
    inactive: 0,
    maintenance: inMaintenance,
    deleted,
  };
  for (const group of grouped) counts[group.status] = group._count._all;
  const all = counts.active + counts.suspended + counts.inactive;
  const total = params.tab ? counts[params.tab] : all;
  const pageCount = Math.max(1, Math.ceil(total / params.pageSize));
  // A page past the end (an old link, tenants since deleted) shows the last page instead.
  const page = Math.min(params.page, pageCount);
  const rows = page === params.page ? firstTry : await fetchPage(page);

  return {
    rows: rows.map((t) => ({
      id: t.id,
      slug: t.slug,
      name: t.name,
      email: t.email,
      status: t.status,
      deleted: t.deletedAt !== null,
      maintenance: [...new Set(t.holds.map((h) => h.kind))],
      createdAt: t.createdAt.toISOString(),
      lastSignInAt: t.lastSignInAt?.toISOString() ?? null,
      snapshot: snapshotView(t.snapshot),
    })),
    total,
    counts,
    all,
    page,
    pageSize: params.pageSize,
    pageCount,
  };
}
