// The console's picture of each tenant database: size, tables, migrations,
// health and users, kept in `tenant_snapshots` so the tenants list reads
// landlord rows only, however many tenants there are. Refreshed by the
// background job (app/workflow.ts), from a tenant's console page, and after
// `tenants health-check` / `disk-usage`.
//
// The cost is bounded: sizes and table counts come from ONE grouped
// information_schema query for the server (never one per tenant), beside one
// listing its databases; then one round trip per tenant database reads its own
// `_prisma_migrations` and counts its users, a few at a time over the server's
// small pool (raw, not a Prisma client per tenant: a pass over thousands of
// tenants would otherwise churn the tenant client cache). Health is judged
// as `tenants health-check` judges it (lib/operations/health.ts), for the
// same tenants: active and suspended ones, or the one asked for.
import "server-only";
import type { Connection } from "mariadb";
import { DATABASE_PREFIX, quoteIdentifier } from "../db/identifiers";
import { landlord } from "../db/landlord";
import { type MigrationFile, type MigrationRecord, statusOf, TENANT_MIGRATIONS } from "../db/migrator";
import { withServerConnection } from "../db/server";
import { describeError } from "../errors";
import type { Prisma } from "../generated/landlord/client";
import { type FleetTenant, loadFleet, tenantMigrations } from "./fleet";
import { type FleetServer, fleetServers, mapPerServer } from "./fleet-servers";
import { migrationProblems, NO_INITIAL_ADMIN } from "./health";

/** As many tenant databases at once, on each server, as a server pool has connections (lib/db/server.ts). */
const CONCURRENCY = 4;
/** Rows written per statement. */
const WRITE_CHUNK = 500;

export interface SnapshotReport {
  tenants: number;
  /** Tenants whose database could not be read in full (their problems say why). */
  unreadable: number;
  durationMs: number;
}

interface SchemaRow {
  db: string;
  bytes: string | number | bigint | null;
  tables: bigint | number;
  migrations_table: string | number | bigint | null;
  users_table: string | number | bigint | null;
}

interface Schema {
  bytes: number;
  tables: number;
  hasMigrations: boolean;
  hasUsers: boolean;
}

/**
 * Every tenant database on the server (or the one named) with its size and
 * table count: one grouped query over information_schema.TABLES, and one
 * over SCHEMATA so a database with no tables still counts as existing.
 */
async function readSchemas(conn: Connection, only?: string): Promise<Map<string, Schema>> {
  const filter = only === undefined ? "LIKE ?" : "= ?";
  const value = only ?? `${DATABASE_PREFIX.replaceAll("_", "\\_")}%`;
  const sizes: SchemaRow[] = await conn.query(
    `SELECT TABLE_SCHEMA AS db, SUM(DATA_LENGTH + INDEX_LENGTH) AS bytes, COUNT(*) AS tables,
            SUM(TABLE_NAME = '_prisma_migrations') AS migrations_table, SUM(TABLE_NAME = 'tenant_users') AS users_table
     FROM information_schema.TABLES WHERE TABLE_SCHEMA ${filter} GROUP BY TABLE_SCHEMA`,
    [value],
  );
  const names: { db: string }[] = await conn.query(
    `SELECT SCHEMA_NAME AS db FROM information_schema.SCHEMATA WHERE SCHEMA_NAME ${filter}`,
    [value],
  );
  const byName = new Map(sizes.map((r) => [r.db, r]));
  return new Map(
    names.map(({ db }) => {
      const r = byName.get(db);
      return [
        db,
        {
          bytes: Number(r?.bytes ?? 0),
          tables: Number(r?.tables ?? 0),
          hasMigrations: Number(r?.migrations_table ?? 0) > 0,
          hasUsers: Number(r?.users_table ?? 0) > 0,
        },
      ];
    }),
  );
}

interface Counts {
  users: number;
  admins: number;
  initialAdmins: number;
}

/** One round trip to the tenant's own database: its migration history and its user counts. */
async function readTenant(conn: Connection, database: string, schema: Schema) {
  const db = quoteIdentifier(database);
  const statements = [
    schema.hasMigrations
      ? `SELECT id, migration_name, checksum, finished_at, rolled_back_at, logs FROM ${db}._prisma_migrations ORDER BY started_at, migration_name`
      : "SELECT 1 FROM DUAL WHERE FALSE",
    // Admins as reissuing a link sees them: active users holding the tenant admin role.
    schema.hasUsers
      ? `SELECT COUNT(*) AS users,
           COALESCE(SUM(u.status = 'active' AND EXISTS (SELECT 1 FROM ${db}.user_roles ur JOIN ${db}.roles r ON r.id = ur.role_id
                        WHERE ur.user_id = u.id AND r.name = 'tenant_admin')), 0) AS admins,
           COALESCE(SUM(JSON_UNQUOTE(JSON_EXTRACT(u.metadata, '$.is_initial_admin')) = 'true'), 0) AS initialAdmins
         FROM ${db}.tenant_users u WHERE u.deleted_at IS NULL`
      : "SELECT NULL AS users FROM DUAL WHERE FALSE",
  ];
  const [records, counts] = (await conn.query(statements.join(";\n"))) as [
    MigrationRecord[],
    Record<string, unknown>[],
  ];
  const row = counts[0];
  return {
    records,
    counts: row
      ? ({
          users: Number(row.users),
          admins: Number(row.admins),
          initialAdmins: Number(row.initialAdmins),
        } satisfies Counts)
      : null,
  };
}

async function snapshotOf(
  tenant: FleetTenant,
  server: FleetServer,
  schema: Schema | undefined,
  files: MigrationFile[],
  now: Date,
): Promise<{ data: Prisma.TenantSnapshotCreateManyInput; unreadable: boolean }> {
  const base = { tenantId: tenant.id, refreshedAt: now };
  if (!schema) {
    const problems = `database ${tenant.database} does not exist`;
    return { data: { ...base, databaseExists: false, healthOk: false, problems }, unreadable: true };
  }
  const problems: string[] = [];
  let migrations: Pick<
    Prisma.TenantSnapshotCreateManyInput,
    "migrationsApplied" | "migrationsPending" | "migrationsFailed"
  > = {};
  let counts: Counts | null = null;
  let unreadable = false;
  try {
    const read = await withServerConnection(server.config, (conn) => readTenant(conn, tenant.database, schema));
    const status = statusOf(files, read.records);
    migrations = {
      migrationsApplied: status.applied.length,
      migrationsPending: status.pending.length,
      migrationsFailed: status.failed.length,
    };
    problems.push(...migrationProblems(status));
    counts = read.counts;
    if (!counts) problems.push("cannot read tenant_users: the table does not exist");
    else if (counts.initialAdmins === 0) problems.push(NO_INITIAL_ADMIN);
  } catch (error) {
    unreadable = true;
    problems.push(`cannot read its database: ${describeError(error)}`);
  }
  return {
    data: {
      ...base,
      databaseExists: true,
      databaseBytes: BigInt(schema.bytes),
      tables: schema.tables,
      ...migrations,
      healthOk: problems.length === 0,
      problems: problems.length > 0 ? problems.join("\n") : null,
      usersCount: counts?.users ?? null,
      adminsCount: counts?.admins ?? null,
    },
    unreadable,
  };
}

/** A tenant on a server that does not answer: nothing is known but that. */
function unreachable(tenant: FleetTenant, server: FleetServer, now: Date) {
  const problems = `its server ${server.name} (${server.label}) does not answer: ${server.down}`;
  const data: Prisma.TenantSnapshotCreateManyInput = {
    tenantId: tenant.id,
    refreshedAt: now,
    healthOk: false,
    problems,
  };
  return { data, unreadable: true };
}

/**
 * Refreshes the snapshots of every active and suspended tenant (or of the one
 * tenant `slug` names, whatever its status). `dir`: another migrations folder (tests).
 */
export async function refreshSnapshots(options: { slug?: string; dir?: string } = {}): Promise<SnapshotReport> {
  const started = Date.now();
  const files = await tenantMigrations(options.dir ?? TENANT_MIGRATIONS);
  const fleet = await loadFleet({ slug: options.slug, statuses: ["active", "suspended"] });
  if (fleet.length === 0) return { tenants: 0, unreadable: 0, durationMs: Date.now() - started };
  const only = options.slug === undefined ? undefined : fleet[0]?.database;
  const servers = await fleetServers(new Set(fleet.map((t) => t.serverId)));
  const schemas = new Map<number, Map<string, Schema>>();
  for (const server of servers.values()) {
    if (server.down) continue;
    schemas.set(server.id, await withServerConnection(server.config, (conn) => readSchemas(conn, only)));
  }

  const now = new Date();
  const settled = await mapPerServer(
    fleet,
    servers,
    CONCURRENCY,
    (tenant, server) => snapshotOf(tenant, server, schemas.get(server.id)?.get(tenant.database), files, now),
    (tenant, server) => unreachable(tenant, server, now),
  );
  const rows: Prisma.TenantSnapshotCreateManyInput[] = [];
  let unreadable = 0;
  for (const result of settled) {
    if (!result.ok) throw result.error; // snapshotOf catches what a tenant's database throws
    rows.push(result.value.data);
    if (result.value.unreadable) unreadable++;
  }
  // Replaced in chunks, each in one transaction: a reader sees a tenant's old row or its new one.
  for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
    const chunk = rows.slice(i, i + WRITE_CHUNK);
    await landlord().$transaction([
      landlord().tenantSnapshot.deleteMany({ where: { tenantId: { in: chunk.map((r) => r.tenantId) } } }),
      landlord().tenantSnapshot.createMany({ data: chunk }),
    ]);
  }
  return { tenants: rows.length, unreadable, durationMs: Date.now() - started };
}
