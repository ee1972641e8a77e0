// `health-check`, `migrate:status` and `disk-usage` over the whole fleet, each
// timed (target < 30 s), and each one's information_schema queries counted on
// the second server from its general log (switched on only around each
// command, written to mysql.general_log): a query that names one of this
// fleet's tenant databases is a per-tenant query. Target: fewer such queries
// than that server has tenants (one grouped query naming them all counts once).
// The count is by query text, so other clients of the server cannot inflate it.
import { landlord } from "@/lib/db/landlord";
import { connect } from "@/lib/db/server";
import { diskUsage } from "@/lib/operations/disk-usage";
import { checkHealth } from "@/lib/operations/health";
import { fleetMigrationStatus, upToDate } from "@/lib/operations/migration-status";
import { type Figure, timed } from "../lib";
import type { FleetServerRef } from "./servers";

interface Counted<T> {
  ms: number;
  result: T;
  infoQueries: number;
  perTenantQueries: number;
}

/** Runs `work` with the server's general log on; counts the information_schema queries in it. */
async function countingQueries<T>(server: FleetServerRef, ours: Set<string>, work: () => Promise<T>) {
  const conn = await connect(server.config);
  try {
    const [before] = await conn.query("SELECT @@general_log AS on_, @@log_output AS output");
    await conn.query("SET @fleet_scale_since = NOW(6)");
    await conn.query("SET GLOBAL log_output = 'TABLE'");
    await conn.query("SET GLOBAL general_log = 1");
    let timing: [number, T];
    try {
      timing = await timed(work);
    } finally {
      await conn.query(`SET GLOBAL general_log = ${Number(before.on_) ? 1 : 0}`);
      await conn.query("SET GLOBAL log_output = ?", [before.output]);
    }
    const rows: { q: Buffer | string }[] = await conn.query(
      "SELECT argument AS q FROM mysql.general_log WHERE command_type = 'Query' AND event_time >= @fleet_scale_since AND argument LIKE '%information\\_schema%'",
    );
    if (!Number(before.on_)) await conn.query("TRUNCATE TABLE mysql.general_log");
    const texts = rows.map((r) => String(r.q));
    const perTenant = texts.filter((t) => (t.match(/tenant_[0-9a-z_]+/g) ?? []).some((name) => ours.has(name)));
    const counted: Counted<T> = {
      ms: timing[0],
      result: timing[1],
      infoQueries: texts.length,
      perTenantQueries: perTenant.length,
    };
    return counted;
  } finally {
    await conn.end();
  }
}

function figuresOf(name: string, counted: Counted<unknown>, tenants: number, onServer: number, ok: boolean): Figure[] {
  return [
    {
      benchmark: "fleet-scale reports",
      metric: `${name} over ${tenants} tenants${ok ? "" : " (REPORTED PROBLEMS)"}`,
      value: counted.ms / 1000,
      unit: "s",
      target: "<30 s",
      pass: counted.ms < 30_000 && ok,
    },
    {
      benchmark: "fleet-scale reports",
      metric: `${name}: information_schema queries naming a tenant, second server (${onServer} tenants; ${counted.infoQueries} in all)`,
      value: counted.perTenantQueries,
      unit: "queries",
      target: `<${onServer} (not one per tenant)`,
      pass: counted.perTenantQueries < onServer,
    },
  ];
}

export async function fleetReports(second: FleetServerRef, dir: string): Promise<Figure[]> {
  const tenants = await landlord().tenant.findMany({ select: { databaseName: true, serverId: true } });
  const ours = new Set(tenants.map((t) => t.databaseName));
  const onServer = tenants.filter((t) => t.serverId === second.id).length;

  const health = await countingQueries(second, ours, () => checkHealth({ dir }));
  const status = await countingQueries(second, ours, () => fleetMigrationStatus({ dir }));
  const disk = await countingQueries(second, ours, () => diskUsage());
  const n = tenants.length;
  return [
    ...figuresOf("health-check", health, n, onServer, health.result.healthy),
    ...figuresOf("migrate:status", status, n, onServer, status.result.tenants.every(upToDate)),
    ...figuresOf(
      "disk-usage",
      disk,
      n,
      onServer,
      disk.result.tenants.length === n && disk.result.tenants.every((t) => t.exists && t.tables > 0),
    ),
  ];
}
