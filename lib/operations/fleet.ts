// What every operator command starts from: the tenants it works on, their
// database names, which databases exist on the tenant server, and which
// applications a provisioning run is working on at this moment.
import "server-only";
import type { Connection } from "mariadb";
import { DATABASE_PREFIX } from "../db/identifiers";
import { landlord } from "../db/landlord";
import { type MigrationFile, readMigrations, TENANT_MIGRATIONS } from "../db/migrator";
import { connect, tenantServer } from "../db/server";
import { registerDefaultServer, tenantAdminConfig } from "../db/servers";
import { tenantDatabaseName } from "../db/tenant-database";
import { AppError, errorMessage } from "../errors";
import type { Tenant, TenantStatus } from "../generated/landlord/client";
import { normalizeSlug } from "../platform/slugs";
import { liveRunWhere } from "../provisioning/liveness";

export type { TenantStatus };
export const TENANT_STATUSES = ["active", "inactive", "suspended"] as const satisfies readonly TenantStatus[];

export interface FleetTenant {
  id: string;
  slug: string;
  name: string;
  status: TenantStatus;
  database: string;
  /** The server it lives on (the first registered one for a row not yet placed). */
  serverId: number;
  createdAt: Date;
}

function toFleet(tenant: Tenant, firstServer: number): FleetTenant {
  return {
    id: tenant.id,
    slug: tenant.slug,
    name: tenant.name,
    status: tenant.status,
    database: tenantDatabaseName(tenant),
    serverId: tenant.serverId ?? firstServer,
    createdAt: tenant.createdAt,
  };
}

export interface FleetQuery {
  /** One tenant; NOT_FOUND when no live tenant has it. */
  slug?: string;
  statuses?: readonly TenantStatus[];
}

/** Tenants that are not soft-deleted, oldest first. */
export async function loadFleet(query: FleetQuery = {}): Promise<FleetTenant[]> {
  const slug = query.slug === undefined ? undefined : normalizeSlug(query.slug);
  const rows = await landlord().tenant.findMany({
    where: {
      deletedAt: null,
      ...(slug === undefined ? {} : { slug }),
      ...(query.statuses && slug === undefined ? { status: { in: [...query.statuses] } } : {}),
    },
    orderBy: [{ createdAt: "asc" }, { slug: "asc" }],
  });
  if (slug !== undefined && rows.length === 0) throw noSuchTenant(slug);
  const first = (await registerDefaultServer()).id;
  return rows.map((row) => toFleet(row, first));
}

export function noSuchTenant(slug: string): AppError {
  return new AppError("NOT_FOUND", `no tenant with slug ${slug}`, { slug });
}

/** A raw admin connection to the server a tenant lives on, for the length of `work`. */
export async function withServerOf<T>(
  tenant: { serverId: number | null },
  work: (conn: Connection) => Promise<T>,
): Promise<T> {
  const conn = await connect(await tenantAdminConfig(tenant));
  try {
    return await work(conn);
  } finally {
    await conn.end().catch(() => undefined);
  }
}

/** A raw connection to the first (default) tenant server for the length of `work`. */
// A connection of its own (5 s connect timeout), so a command against a
// server that is down says so at once instead of waiting on a pool.
export async function withTenantServer<T>(work: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await connect(tenantServer());
  try {
    return await work(conn);
  } finally {
    await conn.end().catch(() => undefined);
  }
}

const PREFIX_LIKE = `${DATABASE_PREFIX.replaceAll("_", "\\_")}%`;

/** Every database on the tenant server whose name starts with the tenant prefix. */
export async function tenantDatabasesOnServer(conn: Connection): Promise<Set<string>> {
  const rows: { name: string }[] = await conn.query(
    "SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?",
    [PREFIX_LIKE],
  );
  return new Set(rows.map((r) => r.name));
}

/**
 * The tenant databases on a server, and those of them that hold
 * `_prisma_migrations`: two queries per server, so a fleet report never asks
 * information_schema once per tenant.
 */
export async function databasesOnServer(conn: Connection): Promise<{ existing: Set<string>; tracked: Set<string> }> {
  const rows: { name: string }[] = await conn.query(
    "SELECT TABLE_SCHEMA AS name FROM information_schema.TABLES WHERE TABLE_NAME = '_prisma_migrations' AND TABLE_SCHEMA LIKE ?",
    [PREFIX_LIKE],
  );
  return { existing: await tenantDatabasesOnServer(conn), tracked: new Set(rows.map((r) => r.name)) };
}

/**
 * The migrations of a folder (the tenant migrations unless told), read afresh
 * so a long-lived process sees a file added since.
 */
export async function tenantMigrations(dir: string = TENANT_MIGRATIONS): Promise<MigrationFile[]> {
  try {
    return await readMigrations(dir, true);
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") {
      throw new AppError("INVALID_INPUT", `Cannot read the migrations folder ${dir}: ${errorMessage(error)}`);
    }
    throw error;
  }
}

export interface LiveProvisioning {
  applicationIds: Set<string>;
  tenantIds: Set<string>;
  databases: Set<string>;
}

/**
 * Applications a provisioning run is working on right now (the one liveness
 * rule, lib/provisioning/liveness.ts). What they have made so far is work in
 * progress, not a leftover. Their database, once made, is named on their tenant row.
 */
export async function liveProvisioning(now = new Date()): Promise<LiveProvisioning> {
  const applications = await landlord().tenantApplication.findMany({
    where: { status: "provisioning_started", runs: { some: liveRunWhere(now) } },
    select: { id: true, tenantId: true, tenant: { select: { databaseName: true } } },
  });
  const live: LiveProvisioning = { applicationIds: new Set(), tenantIds: new Set(), databases: new Set() };
  for (const application of applications) {
    live.applicationIds.add(application.id);
    if (application.tenantId) live.tenantIds.add(application.tenantId);
    if (application.tenant) live.databases.add(application.tenant.databaseName);
  }
  return live;
}
