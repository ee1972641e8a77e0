// `tenants health-check`: for each tenant, its database exists and answers,
// every tenant migration is applied (none pending, changed, failed or
// unknown to this code), and its initial admin is there. Active and suspended
// tenants are checked (an inactive one is still being provisioned or was
// switched off); --slug checks one tenant whatever its status.
import "server-only";
import type { Connection } from "mariadb";
import { quoteIdentifier } from "../db/identifiers";
import { type MigrationStatus, migrationStatus, TENANT_MIGRATIONS } from "../db/migrator";
import type { ServerConfig } from "../db/server";
import { describeError } from "../errors";
import { databasesOnServer, type FleetTenant, loadFleet, tenantMigrations } from "./fleet";
import { fleetServers, overEachServer, reportDown } from "./fleet-servers";

export interface TenantHealth {
  slug: string;
  database: string;
  /** The server it lives on. */
  server: string;
  status: FleetTenant["status"];
  problems: string[];
}

export interface HealthReport {
  healthy: boolean;
  /** Servers that did not answer, each reported once. */
  downServers: { name: string; label: string; reason: string; tenants: number }[];
  tenants: TenantHealth[];
}

export async function checkHealth(options: { slug?: string; dir?: string } = {}): Promise<HealthReport> {
  const dir = options.dir ?? TENANT_MIGRATIONS;
  await tenantMigrations(dir);
  const fleet = await loadFleet({ slug: options.slug, statuses: ["active", "suspended"] });
  const servers = await fleetServers(fleet.map((t) => t.serverId));
  const tenants = await overEachServer(
    fleet,
    servers,
    async (conn, mine, server) => {
      const { existing, tracked } = await databasesOnServer(conn);
      const out: TenantHealth[] = [];
      for (const tenant of mine) {
        const problems = existing.has(tenant.database)
          ? await problemsOf(conn, server.config, tenant.database, dir, tracked.has(tenant.database))
          : [`database ${tenant.database} does not exist`];
        out.push({
          slug: tenant.slug,
          database: tenant.database,
          server: server.name,
          status: tenant.status,
          problems,
        });
      }
      return out;
    },
    (tenant, server) => ({
      slug: tenant.slug,
      database: tenant.database,
      server: server.name,
      status: tenant.status,
      problems: [`server ${server.name} (${server.label}) did not answer`],
    }),
  );
  return {
    healthy: tenants.every((t) => t.problems.length === 0),
    downServers: reportDown(servers, fleet),
    tenants,
  };
}

/** A database's migration problems, worded as the report prints them (the console's snapshot uses them too). */
export function migrationProblems(status: MigrationStatus): string[] {
  const problems: string[] = [];
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
  return problems;
}

export const NO_INITIAL_ADMIN = "no initial admin (tenant_users with metadata.is_initial_admin)";

async function problemsOf(
  conn: Connection,
  server: ServerConfig,
  database: string,
  dir: string,
  tracked: boolean,
): Promise<string[]> {
  const problems: string[] = [];
  try {
    problems.push(...migrationProblems(await migrationStatus(server, database, dir, conn, tracked)));
  } catch (error) {
    problems.push(`cannot read its migrations: ${describeError(error)}`);
  }
  try {
    const [row]: { admins: bigint | number }[] = await conn.query(
      `SELECT COUNT(*) AS admins FROM ${quoteIdentifier(database)}.tenant_users
       WHERE deleted_at IS NULL AND JSON_UNQUOTE(JSON_EXTRACT(metadata, '$.is_initial_admin')) = 'true'`,
    );
    if (Number(row?.admins ?? 0) === 0) problems.push(NO_INITIAL_ADMIN);
  } catch (error) {
    problems.push(`cannot read tenant_users: ${describeError(error)}`);
  }
  return problems;
}
