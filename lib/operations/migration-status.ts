// `tenants migrate:status`: per tenant database, which tenant migrations are
// applied, which are pending, and drift (an applied file that changed, a
// migration that failed half-way, one the folder does not know). One
// connection per server, the servers in parallel.
import "server-only";
import { migrationStatus, TENANT_MIGRATIONS } from "../db/migrator";
import { databasesOnServer, type FleetTenant, loadFleet, tenantMigrations } from "./fleet";
import { fleetServers, overEachServer, reportDown } from "./fleet-servers";

export interface TenantMigrationStatus {
  slug: string;
  database: string;
  /** The server it lives on, and whether that server answered. */
  server: string;
  serverDown?: boolean;
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
  /** Servers that did not answer, each reported once: their tenants are unknown. */
  downServers: { name: string; label: string; reason: string; tenants: number }[];
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
  const servers = await fleetServers(fleet.map((t) => t.serverId));
  const tenants = await overEachServer(
    fleet,
    servers,
    async (conn, mine, server) => {
      const { existing, tracked } = await databasesOnServer(conn);
      const out: TenantMigrationStatus[] = [];
      for (const tenant of mine) {
        const exists = existing.has(tenant.database);
        const status = await migrationStatus(server.config, tenant.database, dir, conn, tracked.has(tenant.database));
        out.push({
          slug: tenant.slug,
          database: tenant.database,
          server: server.name,
          status: tenant.status,
          exists,
          ...status,
        });
      }
      return out;
    },
    (tenant, server) => ({
      slug: tenant.slug,
      database: tenant.database,
      server: server.name,
      serverDown: true,
      status: tenant.status,
      exists: false,
      applied: [],
      pending: [],
      changed: [],
      failed: [],
      unknown: [],
    }),
  );
  return { migrations: files.map((f) => f.name), downServers: reportDown(servers, fleet), tenants };
}
