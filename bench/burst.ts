// 2. Burst: 100 applications approved at once. Time until all are provisioned,
// tenants per second, the server's peak connections above what it had before
// (our sampler's own connection included), and this process's peak memory.
// Baseline, same run: the floor's work for 100 tenants at the same concurrency.
// Targets: all 100 in under 20 s, connections within the configured cap, no failures.
import { connectionCap } from "@/lib/db/connection-budget";
import { landlord } from "@/lib/db/landlord";
import { connect, dropDatabase } from "@/lib/db/server";
import { env } from "@/lib/env";
import { describeError } from "@/lib/errors";
import { inlineDriver, inlineIdle } from "@/lib/provisioning/inline-driver";
import { approveAndStart } from "@/lib/provisioning/start";
import { floorDatabaseName, floorTenant, tenantMigrationSql } from "./floor";
import { benchServer, type Figure, timed } from "./lib";
import { newApplication } from "./provisioning-latency";
import { sampleWhile } from "./sampler";

const ADMIN = { type: "operator" as const, label: "bench" };

async function floorBurst(count: number, concurrency: number): Promise<number> {
  const sql = await tenantMigrationSql();
  const names = Array.from({ length: count }, () => floorDatabaseName());
  const queue = [...names];
  const [ms] = await timed(() =>
    Promise.all(
      Array.from({ length: concurrency }, async () => {
        const conn = await connect(benchServer(), { multipleStatements: true });
        try {
          for (let name = queue.shift(); name; name = queue.shift()) await floorTenant(conn, name, sql);
        } finally {
          await conn.end();
        }
      }),
    ),
  );
  const conn = await connect(benchServer());
  for (const name of names) await dropDatabase(conn, name);
  await conn.end();
  return ms;
}

/** `count` applications ready for review, made before any timing starts. */
export async function newApplications(count: number, prefix: string): Promise<{ id: string }[]> {
  const applications: { id: string }[] = [];
  for (let i = 0; i < count; i++) applications.push(await newApplication(prefix));
  return applications;
}

/**
 * Approves them all at once; resolves when every run has ended. An approval
 * refused (e.g. no landlord connection within the pool's timeout) is said on
 * stderr and counted as not provisioned, instead of ending the benchmark.
 */
export async function approveAll(applications: { id: string }[]): Promise<void> {
  const settled = await Promise.allSettled(
    applications.map((a) => approveAndStart(a.id, ADMIN, undefined, inlineDriver)),
  );
  const refused = settled.filter((s) => s.status === "rejected").map((s) => describeError(s.reason).split("\n")[0]);
  for (const [reason, n] of new Map(refused.map((r) => [r, refused.filter((x) => x === r).length]))) {
    console.error(`[bench] ${n} approval(s) refused: ${reason}`);
  }
  await inlineIdle();
}

export function countProvisioned(applications: { id: string }[]): Promise<number> {
  return landlord().tenantApplication.count({
    where: { id: { in: applications.map((a) => a.id) }, status: "provisioned" },
  });
}

export async function burst(count = 100): Promise<Figure[]> {
  const applications = await newApplications(count, "burst");
  const [[ms], samples] = await sampleWhile(() => timed(() => approveAll(applications)));
  const provisioned = await countProvisioned(applications);
  const floorMs = await floorBurst(count, env().PROVISIONING_CONCURRENCY);
  const cap = connectionCap();
  const extra = samples.peakConnections - samples.baselineConnections;
  return [
    {
      benchmark: "burst",
      metric: `${count} approvals → all provisioned`,
      value: ms / 1000,
      unit: "s",
      baseline: floorMs / 1000,
      ratio: ms / floorMs,
      target: "<20 s",
      pass: ms < 20_000,
    },
    {
      benchmark: "burst",
      metric: "tenants per second",
      value: (count * 1000) / ms,
      unit: "/s",
      baseline: (count * 1000) / floorMs,
    },
    {
      benchmark: "burst",
      metric: "provisioned (no failures)",
      value: provisioned,
      unit: `of ${count}`,
      target: `${count}`,
      pass: provisioned === count,
    },
    {
      benchmark: "burst",
      metric: "peak server connections opened",
      value: extra,
      unit: "conns",
      target: `≤${cap} (cap)`,
      pass: extra <= cap,
    },
    { benchmark: "burst", metric: "peak process memory (RSS)", value: samples.peakRssMiB, unit: "MiB" },
  ];
}
