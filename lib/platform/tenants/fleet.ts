// What every operator command starts from: the tenants it works on, their
// database names, which databases exist on the tenant server, and which
// applications a provisioning run is working on at this moment.
import type { Connection } from "mariadb";
import { landlord } from "../../db/landlord";
import { type MigrationFile, readMigrations, TENANT_MIGRATIONS } from "../../db/migrator";
import { connect, quoteIdentifier, tenantServer } from "../../db/server";
import { AppError, errorMessage } from "../../errors";
import type { Tenant, TenantStatus } from "../../generated/landlord/client";
import { STALE_INNGEST_RUN_MS, STALE_RUN_MS } from "../../provisioning/policy";
import { DATABASE_PREFIX, databaseNameFor, normalizeSlug } from "../slugs";

export type { TenantStatus };
export const TENANT_STATUSES = ["active", "inactive", "suspended"] as const satisfies readonly TenantStatus[];

export interface FleetTenant {
  id: string;
  slug: string;
  name: string;
  status: TenantStatus;
  database: string;
  createdAt: Date;
}

/**
 * The database a tenant row stands for, from its slug by the one slug rule. A
 * slug that has since become invalid (a newly reserved word) falls back to the
 * stored name, which still has to look like a tenant database.
 */
export function databaseOf(tenant: Pick<Tenant, "slug" | "databaseName">): string {
  try {
    return databaseNameFor(tenant.slug);
  } catch {
    if (!tenant.databaseName.startsWith(DATABASE_PREFIX)) {
      throw new AppError(
        "INVALID_STATE",
        `Tenant ${tenant.slug} names database "${tenant.databaseName}", which is not a tenant database.`,
      );
    }
    quoteIdentifier(tenant.databaseName);
    return tenant.databaseName;
  }
}

function toFleet(tenant: Tenant): FleetTenant {
  return {
    id: tenant.id,
    slug: tenant.slug,
    name: tenant.name,
    status: tenant.status,
    database: databaseOf(tenant),
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
  return rows.map(toFleet);
}

export function noSuchTenant(slug: string): AppError {
  return new AppError("NOT_FOUND", `no tenant with slug ${slug}`, { slug });
}

/** A raw connection to the tenant server for the length of `work`. */
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

/** Every database on the tenant server whose name starts with the tenant prefix. */
export async function tenantDatabasesOnServer(conn: Connection): Promise<Set<string>> {
  const rows: { name: string }[] = await conn.query(
    "SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?",
    [`${DATABASE_PREFIX.replaceAll("_", "\\_")}%`],
  );
  return new Set(rows.map((r) => r.name));
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
 * Applications a provisioning run is working on right now: status
 * provisioning_started with a queued or running run whose heartbeat (or, not
 * yet claimed, whose creation) is more recent than STALE_RUN_MS (inline) or
 * STALE_INNGEST_RUN_MS (Inngest, which holds its own retries). What they have
 * made so far is work in progress, not a leftover.
 */
export async function liveProvisioning(now = new Date()): Promise<LiveProvisioning> {
  const recent = (ms: number) => {
    const cutoff = new Date(now.getTime() - ms);
    return [{ heartbeatAt: { gte: cutoff } }, { heartbeatAt: null, createdAt: { gte: cutoff } }];
  };
  const applications = await landlord().tenantApplication.findMany({
    where: {
      status: "provisioning_started",
      runs: {
        some: {
          status: { in: ["queued", "running"] },
          OR: [
            { driver: "inline", OR: recent(STALE_RUN_MS) },
            { driver: "inngest", OR: recent(STALE_INNGEST_RUN_MS) },
          ],
        },
      },
    },
    select: { id: true, requestedSlug: true, tenantId: true },
  });
  const live: LiveProvisioning = { applicationIds: new Set(), tenantIds: new Set(), databases: new Set() };
  for (const application of applications) {
    live.applicationIds.add(application.id);
    if (application.tenantId) live.tenantIds.add(application.tenantId);
    try {
      live.databases.add(databaseNameFor(application.requestedSlug));
    } catch {
      // A slug that is no longer valid names no database we would touch.
    }
  }
  return live;
}
