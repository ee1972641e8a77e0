// Shared pieces of the benchmarks: timing, percentiles, a private landlord
// database, and the results table.
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { quoteIdentifier } from "@/lib/db/identifiers";
import { disconnectLandlord } from "@/lib/db/landlord";
import { LANDLORD_MIGRATIONS, migrate } from "@/lib/db/migrator";
import { closeServerPools, connect, dropDatabase, type ServerConfig } from "@/lib/db/server";
import { closeTenantClients } from "@/lib/db/tenant-clients";
import { resetEnvCache } from "@/lib/env";
import { generateKey } from "@/lib/keyring";
import { serverUrl, testServer } from "@/tests/helpers/server";

export interface Figure {
  benchmark: string;
  metric: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  target?: string;
  pass?: boolean;
}

/**
 * Two tenant migrations of one kind, for a baseline run and a measured run: a
 * column and its index on the same table. The table matters: DDL on
 * `tenant_users`, which five tables reference, costs the server several times
 * what it costs on a table nothing references, so both runs touch the same one.
 */
export function sameKindMigrations(tag: string): [string, string] {
  const one = (column: string) =>
    `ALTER TABLE \`tenant_users\` ADD COLUMN \`${column}\` VARCHAR(32) NULL;\nCREATE INDEX \`tenant_users_${column}_idx\` ON \`tenant_users\`(\`${column}\`);`;
  return [one(`${tag}_first`), one(`${tag}_second`)];
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

export async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await work();
  return [performance.now() - start, result];
}

/** The tests' server (tests/helpers/server.ts), or BENCH_DATABASE_URL's; local only. */
export const BENCH_INITIAL_PASSWORD = "Bench-Initial-1234";

export function benchServer(): ServerConfig {
  return testServer(process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL, "Benchmarks");
}

/** A fresh, migrated landlord database of the benchmark's own; env points at it. */
export async function createBenchLandlord(): Promise<{ database: string; cleanup: () => Promise<void> }> {
  const server = benchServer();
  const database = `election_bench_${randomBytes(4).toString("hex")}`;
  process.env.DATABASE_URL = serverUrl(server, database);
  process.env.TENANT_DATABASE_URL = "";
  process.env.WORKFLOW_DRIVER = "inline";
  process.env.RESEND_API_KEY = "";
  // The benchmarks sign in as the tenants' initial admins, so they use the
  // development-only fixed initial password; and a keyring of their own.
  process.env.INITIAL_ADMIN_PASSWORD = BENCH_INITIAL_PASSWORD;
  process.env.ENCRYPTION_KEYS ||= generateKey("bench");
  resetEnvCache();
  await migrate({ server, database, dir: LANDLORD_MIGRATIONS, create: true });
  return {
    database,
    cleanup: async () => {
      await closeTenantClients();
      await closeServerPools();
      await disconnectLandlord();
      const conn = await connect(server);
      try {
        const rows: { n: string }[] = await conn.query(
          `SELECT database_name AS n FROM ${quoteIdentifier(database)}.tenants`,
        );
        for (const row of rows) await dropDatabase(conn, row.n);
        await dropDatabase(conn, database);
      } finally {
        await conn.end();
      }
    },
  };
}

export function printTable(figures: Figure[]): void {
  const rows = figures.map((f) => [
    f.benchmark,
    f.metric,
    `${round(f.value)} ${f.unit}`,
    f.baseline === undefined ? "" : `${round(f.baseline)} ${f.unit}`,
    f.ratio === undefined ? "" : `${f.ratio.toFixed(2)}x`,
    f.target ?? "",
    f.pass === undefined ? "" : f.pass ? "PASS" : "MISS",
  ]);
  const header = ["benchmark", "metric", "value", "baseline", "ratio", "target", ""];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
}

function round(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}
