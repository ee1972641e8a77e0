// Fleet scale: N tenants (2,000 by default) on two real servers, the
// benchmarks' own and a second one started for the run (scripts/lib/extra-server.ts)
// and registered like any database server. In order, each beside its baseline:
//   1. provisioning through the workflow (fleet-scale/provision.ts);
//   2. one new migration over the fleet (fleet-scale/migration.ts);
//   3. health-check, migrate:status, disk-usage, with their information_schema
//      queries counted (fleet-scale/reports.ts);
//   4. tenant sign-in spread over every tenant (fleet-scale/sign-in.ts);
//   5. backup --all and backup:verify --all beside mariadb-dump (fleet-scale/backups.ts).
// Between the stages, each server's table caches and open files are read
// (the physical limits: how the fleet fills table_open_cache,
// table_definition_cache and open_files_limit). Every tenant database and
// database user the run made is dropped at the end.
import { closeServerPools, parseDatabaseUrl, type ServerConfig } from "@/lib/db/server";
import { closeTenantClients } from "@/lib/db/tenant-clients";
import { type ExtraServer, startExtraServer } from "@/scripts/lib/extra-server";
import { fleetBackups } from "./fleet-scale/backups";
import { type LimitSnapshot, limitFigures, limitSnapshot } from "./fleet-scale/limits";
import { fleetMigration } from "./fleet-scale/migration";
import { provisionAcross } from "./fleet-scale/provision";
import { fleetReports } from "./fleet-scale/reports";
import { dropFleet, type FleetServerRef, registerTwoServers } from "./fleet-scale/servers";
import { fleetSignIns } from "./fleet-scale/sign-in";
import type { Figure } from "./lib";

export interface FleetScaleSizes {
  tenants: number;
  signIns: number;
  backupConcurrency: number;
}

export interface FleetScaleOptions {
  /** A second server to use (the tests'); otherwise one is started for the run and stopped after. */
  second?: ServerConfig;
  /** Each stage's table-cache snapshot, as it is taken. */
  onLimits?: (stage: string, server: string, snapshot: LimitSnapshot) => void;
}

export async function fleetScale(sizes: FleetScaleSizes, options: FleetScaleOptions = {}): Promise<Figure[]> {
  let second = options.second;
  let extra: ExtraServer | undefined;
  if (!second) {
    extra = await startExtraServer("bench-fleet");
    const { database: _none, ...config } = parseDatabaseUrl(extra.url(), false);
    second = config;
  }
  let servers: FleetServerRef[] = [];
  const figures: Figure[] = [];
  let last = new Map<number, LimitSnapshot>();
  const limits = async (stage: string) => {
    const now = new Map<number, LimitSnapshot>();
    for (const server of servers) {
      const snapshot = await limitSnapshot(server.config);
      now.set(server.id, snapshot);
      options.onLimits?.(stage, server.name, snapshot);
      figures.push(...limitFigures(stage, server.name, snapshot, last.get(server.id)));
    }
    last = now;
  };
  try {
    servers = await registerTwoServers(second, Math.max(2000, sizes.tenants));
    await limits("at start");
    figures.push(...(await provisionAcross(servers, sizes.tenants)));
    await limits("after provisioning");
    const migration = await fleetMigration(servers);
    figures.push(...migration.figures);
    await limits("after migration");
    figures.push(...(await fleetReports(servers[1] as FleetServerRef, migration.dir)));
    await limits("after health-check, migrate:status, disk-usage");
    figures.push(...(await fleetSignIns(servers, sizes.signIns)));
    await limits("after sign-ins");
    figures.push(...(await fleetBackups(servers, sizes.backupConcurrency)));
    await limits("after backups");
    return figures;
  } finally {
    await dropFleet(servers);
    // Pools to the second server close before it stops, so none reconnects to a server that is gone.
    await closeTenantClients();
    await closeServerPools();
    await extra?.stop();
  }
}
