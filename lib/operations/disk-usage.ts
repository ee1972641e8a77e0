// `tenants disk-usage`: data and index size of every tenant database, largest
// first, with the total. One information_schema query per server, the
// servers in parallel.
// (InnoDB's figures are its own estimates: pages allocated, not bytes of rows.)
import "server-only";
import { type FleetTenant, loadFleet, tenantDatabasesOnServer } from "./fleet";
import { fleetServers, overEachServer, reportDown } from "./fleet-servers";

export interface TenantDiskUsage {
  slug: string;
  database: string;
  server: string;
  serverDown?: boolean;
  status: FleetTenant["status"];
  exists: boolean;
  tables: number;
  dataBytes: number;
  indexBytes: number;
  totalBytes: number;
}

export interface DiskUsageReport {
  downServers: { name: string; label: string; reason: string; tenants: number }[];
  tenants: TenantDiskUsage[];
  total: { dataBytes: number; indexBytes: number; totalBytes: number };
}

interface SizeRow {
  db: string;
  tables: bigint | number;
  data: string | number | bigint | null;
  idx: string | number | bigint | null;
}

export async function diskUsage(): Promise<DiskUsageReport> {
  const fleet = await loadFleet();
  const servers = await fleetServers(fleet.map((t) => t.serverId));
  const tenants = await overEachServer(
    fleet,
    servers,
    async (conn, mine, server) => {
      const existing = await tenantDatabasesOnServer(conn);
      const names = mine.map((t) => t.database).filter((name) => existing.has(name));
      const rows: SizeRow[] =
        names.length === 0
          ? []
          : await conn.query(
              `SELECT TABLE_SCHEMA AS db, COUNT(*) AS tables, SUM(DATA_LENGTH) AS data, SUM(INDEX_LENGTH) AS idx
               FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (${names.map(() => "?").join(", ")})
               GROUP BY TABLE_SCHEMA`,
              names,
            );
      const sizes = new Map(rows.map((r) => [r.db, r]));
      return mine.map((tenant): TenantDiskUsage => {
        const row = sizes.get(tenant.database);
        const dataBytes = Number(row?.data ?? 0);
        const indexBytes = Number(row?.idx ?? 0);
        return {
          slug: tenant.slug,
          database: tenant.database,
          server: server.name,
          status: tenant.status,
          exists: existing.has(tenant.database),
          tables: Number(row?.tables ?? 0),
          dataBytes,
          indexBytes,
          totalBytes: dataBytes + indexBytes,
        };
      });
    },
    (tenant, server): TenantDiskUsage => ({
      slug: tenant.slug,
      database: tenant.database,
      server: server.name,
      serverDown: true,
      status: tenant.status,
      exists: false,
      tables: 0,
      dataBytes: 0,
      indexBytes: 0,
      totalBytes: 0,
    }),
  );
  tenants.sort((a, b) => b.totalBytes - a.totalBytes || a.slug.localeCompare(b.slug));
  const total = { dataBytes: 0, indexBytes: 0, totalBytes: 0 };
  for (const t of tenants) {
    total.dataBytes += t.dataBytes;
    total.indexBytes += t.indexBytes;
    total.totalBytes += t.totalBytes;
  }
  return { downServers: reportDown(servers, fleet), tenants, total };
}
