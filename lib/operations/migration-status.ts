// `tenants migrate:status`: per tenant database, which tenant migrations are
// applied, which are pending, and drift (an applied file that changed, a
// migration that failed half-way, one the folder does not know). One shared
// connection for the whole fleet.
import "server-only";
import { migrationStatus, TENANT_MIGRATIONS } from "../db/migrator";
import { tenantServer } from "../db/server";
import { type FleetTenant, loadFleet, tenantDatabasesOnServer, tenantMigrations, withTenantServer } from "./fleet";

export interface TenantMigrationStatus {
  slug: string;
  database: string;
  status: FleetTenant["status"];
  exists: boolean;
  applied: string[];
  pending: string[];
  changed: string[];
  failed: { name: string; logs: string | null }[];
  unknown: string[];
}

export interface FleetMigrationStatus {
  /** The migrations of the folder, in order. */
  migrations: string[];
  tenants: TenantMigrationStatus[];
}

export function upToDate(s: TenantMigrationStatus): boolean {
  return s.exists && s.pending.length === 0 && s.changed.length === 0 && s.failed.length === 0;
}

export async function fleetMigrationStatus(
  options: { slug?: string; dir?: string } = {},
): Promise<FleetMigrationStatus> {
  const dir = options.dir ?? TENANT_MIGRATIONS;
  const files = await tenantMigrations(dir);
  const fleet = await loadFleet({ slug: options.slug });
  const server = tenantServer();
  const tenants = await withTenantServer(async (conn) => {
    const existing = await tenantDatabasesOnServer(conn);
    const out: TenantMigrationStatus[] = [];
    for (const tenant of fleet) {
      const exists = existing.has(tenant.database);
      const status = await migrationStatus(server, tenant.database, dir, conn);
      out.push({ slug: tenant.slug, database: tenant.database, status: tenant.status, exists, ...status });
    }
    return out;
  });
  return { migrations: files.map((f) => f.name), tenants };
}
