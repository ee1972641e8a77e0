// `tenants disk-usage`: data and index size of every tenant database, largest
// first, with the total. One information_schema query for the whole fleet.
// (InnoDB's figures are its own estimates: pages allocated, not bytes of rows.)
import "server-only";
import { type FleetTenant, loadFleet, tenantDatabasesOnServer, withTenantServer } from "./fleet";

export interface TenantDiskUsage {
  slug: string;
  database: string;
  status: FleetTenant["status"];
  exists: boolean;
  tables: number;
  dataBytes: number;
  indexBytes: number;
  totalBytes: number;
}

export interface DiskUsageReport {
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
  const { existing, sizes } = await withTenantServer(async (conn) => {
    const existing = await tenantDatabasesOnServer(conn);
    const names = fleet.map((t) => t.database).filter((name) => existing.has(name));
    const rows: SizeRow[] =
      names.length === 0
        ? []
        : await conn.query(
            `SELECT TABLE_SCHEMA AS db, COUNT(*) AS tables, SUM(DATA_LENGTH) AS data, SUM(INDEX_LENGTH) AS idx
             FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (${names.map(() => "?").join(", ")})
             GROUP BY TABLE_SCHEMA`,
            names,
          );
    return { existing, sizes: new Map(rows.map((r) => [r.db, r])) };
  });

  const tenants = fleet.map((tenant): TenantDiskUsage => {
    const row = sizes.get(tenant.database);
    const dataBytes = Number(row?.data ?? 0);
    const indexBytes = Number(row?.idx ?? 0);
    return {
      slug: tenant.slug,
      database: tenant.database,
      status: tenant.status,
      exists: existing.has(tenant.database),
      tables: Number(row?.tables ?? 0),
      dataBytes,
      indexBytes,
      totalBytes: dataBytes + indexBytes,
    };
  });
  tenants.sort((a, b) => b.totalBytes - a.totalBytes || a.slug.localeCompare(b.slug));
  const total = { dataBytes: 0, indexBytes: 0, totalBytes: 0 };
  for (const t of tenants) {
    total.dataBytes += t.dataBytes;
    total.indexBytes += t.indexBytes;
    total.totalBytes += t.totalBytes;
  }
  return { tenants, total };
}
