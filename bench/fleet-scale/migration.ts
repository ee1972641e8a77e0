// Fleet migration over every tenant on both servers. Baseline: the same runner
// (lib/db/migrator.ts) one database at a time, each timed, applying one new
// migration; then `tenants migrate` (migrateFleet, its default concurrency per
// server) applies a second migration of the same kind, on the same table. Figures: its wall time
// beside the one-at-a-time wall time (target ≥10x faster) and beside the sum
// of the per-database times. Returns the folder with both migrations, which
// the reports after it check against.
import { landlord } from "@/lib/db/landlord";
import { migrate } from "@/lib/db/migrator";
import { migrateFleet } from "@/lib/operations/migrate";
import { tenantMigrationsWith } from "@/tests/helpers/migration-folder";
import { type Figure, percentile, sameKindMigrations, timed } from "../lib";
import type { FleetServerRef } from "./servers";

const OPERATOR = { type: "operator" as const, label: "bench" };
const FIRST = "20990201000000_fleet_scale_first";
const SECOND = "20990201000100_fleet_scale_second";
const STALL_MS = 500;

export async function fleetMigration(servers: FleetServerRef[]): Promise<{ figures: Figure[]; dir: string }> {
  const [firstSql, secondSql] = sameKindMigrations("fs");
  const first = { [FIRST]: firstSql };
  const both = { ...first, [SECOND]: secondSql };
  const firstDir = tenantMigrationsWith(first);
  const dir = tenantMigrationsWith(both);
  const tenants = await landlord().tenant.findMany({
    where: { deletedAt: null },
    select: { databaseName: true, serverId: true },
  });
  const configs = new Map(servers.map((s) => [s.id, s.config]));

  const perDatabase: number[] = [];
  const [oneAtATimeMs] = await timed(async () => {
    for (const t of tenants) {
      const server = configs.get(t.serverId ?? -1);
      if (!server) throw new Error(`tenant database ${t.databaseName} is on no server of this run`);
      const [ms] = await timed(() => migrate({ server, database: t.databaseName, dir: firstDir }));
      perDatabase.push(ms);
    }
  });
  const sum = perDatabase.reduce((a, b) => a + b, 0);
  // MariaDB 10.11 makes a few percent of DDL statements wait about a second
  // ("preparing for alter table" / "Committing alter table to storage engine";
  // by all signs for InnoDB's purge to let go of the table); one at a time pays
  // each wait in full, so they are counted.
  const waited = perDatabase.filter((ms) => ms >= STALL_MS);

  const [oursMs, report] = await timed(() => migrateFleet({ actor: OPERATOR, dir }));
  const migrated = report.results.filter((r) => r.applied.includes(SECOND)).length;
  const n = tenants.length;
  return {
    dir,
    figures: [
      {
        benchmark: "fleet-scale migration",
        metric: `${n} tenants, one migration (concurrency ${report.concurrency} per server) vs one at a time`,
        value: oursMs / 1000,
        unit: "s",
        baseline: oneAtATimeMs / 1000,
        ratio: oneAtATimeMs / oursMs,
        target: "≥10x faster",
        pass: oneAtATimeMs / oursMs >= 10,
      },
      {
        benchmark: "fleet-scale migration",
        metric: `vs the sum of per-database times (p50 ${percentile(perDatabase, 50).toFixed(0)} ms each)`,
        value: oursMs / 1000,
        unit: "s",
        baseline: sum / 1000,
        ratio: sum / oursMs,
      },
      {
        benchmark: "fleet-scale migration",
        metric: `one at a time: databases that took ≥ ${STALL_MS} ms (their share of the one-at-a-time time; p95 ${percentile(perDatabase, 95).toFixed(0)} ms)`,
        value: waited.length,
        unit: `of ${n} (${((100 * waited.reduce((a, b) => a + b, 0)) / Math.max(sum, 1)).toFixed(0)}%)`,
      },
      {
        benchmark: "fleet-scale migration",
        metric: "tenants migrated",
        value: migrated,
        unit: `of ${n}`,
        target: `${n}, 0 failed`,
        pass: migrated === n && report.counts.failed === 0,
      },
    ],
  };
}
