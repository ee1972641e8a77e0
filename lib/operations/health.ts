// `tenants health-check`: for each tenant, its database exists and answers,
// every tenant migration is applied (none pending, changed, failed or
// unknown to this code), and its initial admin is there. Active and suspended
// tenants are checked (an inactive one is still being provisioned or was
// switched off); --slug checks one tenant whatever its status.
import "server-only";
import type { Connection } from "mariadb";
import { quoteIdentifier } from "../db/identifiers";
import { migrationStatus, TENANT_MIGRATIONS } from "../db/migrator";
import { tenantServer } from "../db/server";
import { describeError } from "../errors";
import { type FleetTenant, loadFleet, tenantDatabasesOnServer, tenantMigrations, withTenantServer } from "./fleet";

export interface TenantHealth {
  slug: string;
  database: string;
  status: FleetTenant["status"];
  problems: string[];
}

export interface HealthReport {
  healthy: boolean;
  tenants: TenantHealth[];
}

export async function checkHealth(options: { slug?: string; dir?: string } = {}): Promise<HealthReport> {
  const dir = options.dir ?? TENANT_MIGRATIONS;
  await tenantMigrations(dir);
  const fleet = await loadFleet({ slug: options.slug, statuses: ["active", "suspended"] });
  const tenants = await withTenantServer(async (conn) => {
    const existing = await tenantDatabasesOnServer(conn);
    const out: TenantHealth[] = [];
    for (const tenant of fleet) {
      const problems = existing.has(tenant.database)
        ? await problemsOf(conn, tenant.database, dir)
        : [`database ${tenant.database} does not exist`];
      out.push({ slug: tenant.slug, database: tenant.database, status: tenant.status, problems });
    }
    return out;
  });
  return { healthy: tenants.every((t) => t.problems.length === 0), tenants };
}

async function problemsOf(conn: Connection, database: string, dir: string): Promise<string[]> {
  const problems: string[] = [];
  try {
    const status = await migrationStatus(tenantServer(), database, dir, conn);
    if (status.pending.length > 0) {
      problems.push(`${status.pending.length} pending migration(s): ${status.pending.join(", ")}`);
    }
    for (const name of status.changed) problems.push(`migration ${name} was changed after it was applied`);
    for (const failed of status.failed) {
      problems.push(`migration ${failed.name} failed: ${describeError(failed.logs ?? "no log")}`);
    }
    if (status.unknown.length > 0) {
      problems.push(`applied migration(s) this code does not have: ${status.unknown.join(", ")}`);
    }
  } catch (error) {
    problems.push(`cannot read its migrations: ${describeError(error)}`);
  }
  try {
    const [row]: { admins: bigint | number }[] = await conn.query(
      `SELECT COUNT(*) AS admins FROM ${quoteIdentifier(database)}.tenant_users
       WHERE deleted_at IS NULL AND JSON_UNQUOTE(JSON_EXTRACT(metadata, '$.is_initial_admin')) = 'true'`,
    );
    if (Number(row?.admins ?? 0) === 0) problems.push("no initial admin (tenant_users with metadata.is_initial_admin)");
  } catch (error) {
    problems.push(`cannot read tenant_users: ${describeError(error)}`);
  }
  return problems;
}
