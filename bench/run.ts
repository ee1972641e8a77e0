// npm run bench: every benchmark against the local MariaDB, one table, the
// same figures as JSON under bench/results/. Each figure is measured beside
// its baseline in the same run. `npm run bench -- provisioning` runs one.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import nextEnv from "@next/env";
import { adminPages } from "./admin-pages";
import { backupBenchmark } from "./backup";
import { burst } from "./burst";
import { CONSOLE_SIZES } from "./console-seed";
import { fleetAndSignIn } from "./fleet";
import { fleetScale } from "./fleet-scale";
import { createBenchLandlord, type Figure, printTable } from "./lib";
import { moveBenchmark } from "./move";
import { provisioningLatency } from "./provisioning-latency";
import { serversBurst } from "./servers-burst";

const benchmarks: Record<string, () => Promise<Figure[]>> = {
  provisioning: () => provisioningLatency(Number(process.env.BENCH_PROVISION_COUNT ?? 30)),
  burst: () => burst(Number(process.env.BENCH_BURST_COUNT ?? 100)),
  "admin-pages": () =>
    adminPages({
      applications: Number(process.env.BENCH_APPLICATIONS ?? CONSOLE_SIZES.applications),
      tenants: Number(process.env.BENCH_CONSOLE_TENANTS ?? CONSOLE_SIZES.tenants),
      audit: Number(process.env.BENCH_AUDIT_ENTRIES ?? CONSOLE_SIZES.audit),
    }),
  fleet: () => fleetAndSignIn(Number(process.env.BENCH_TENANTS ?? 2000), Number(process.env.BENCH_SIGN_INS ?? 2000)),
  "fleet-scale": () =>
    fleetScale({
      tenants: Number(process.env.BENCH_FLEET_TENANTS ?? 2000),
      signIns: Number(process.env.BENCH_FLEET_SIGN_INS ?? process.env.BENCH_FLEET_TENANTS ?? 2000),
      backupConcurrency: Number(process.env.BENCH_FLEET_BACKUP_CONCURRENCY ?? 4),
    }),
  backup: () =>
    backupBenchmark({
      users: Number(process.env.BENCH_BACKUP_USERS ?? 100_000),
      rows: Number(process.env.BENCH_BACKUP_ROWS ?? 1_000_000),
      tenants: Number(process.env.BENCH_BACKUP_TENANTS ?? 200),
      concurrency: Number(process.env.BENCH_BACKUP_CONCURRENCY ?? 4),
    }),
  "servers-burst": () => serversBurst(Number(process.env.BENCH_SERVERS_BURST_COUNT ?? 200)),
  move: () => moveBenchmark(Number(process.env.BENCH_MOVE_USERS ?? 100_000)),
};

async function main() {
  nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });
  const wanted = process.argv.slice(2);
  const names = wanted.length > 0 ? wanted : Object.keys(benchmarks);
  const figures: Figure[] = [];
  for (const name of names) {
    const bench = benchmarks[name];
    if (!bench) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(benchmarks).join(", ")}`);
    const landlordDb = await createBenchLandlord();
    try {
      console.error(`running ${name}...`);
      figures.push(...(await bench()));
    } finally {
      await landlordDb.cleanup();
    }
  }
  printTable(figures);
  mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), machine: machine(), figures }, null, 2));
  console.log(`\nwritten to ${file}`);
}

function machine() {
  return { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
