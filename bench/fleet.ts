// 3. Fleet migration and 5. tenant sign-in, over the same real tenants (2,000
// by default; provisioned through the workflow, initial password at the real
// bcrypt cost, each with a database user of its own).
//
// 3: one new tenant migration. Baseline: the same runner over ONE connection,
// one database after another. Then `tenants migrate` (bounded concurrency)
// applies a second migration of the same kind, on the same table. Target: ≥3x
// faster, all migrated.
// 5: sign-ins spread across every tenant, 4 at a time, each through the
// tenant's own database user: p95 (target ≤1.3x the baseline), and the tenant
// connections the process opens (never above TENANT_CONNECTION_CAP). Baseline:
// per sign-in, the user's row by one SELECT over one of 4 connections of a
// single user (the server's admin) and the same bcrypt comparison.
import { landlord } from "@/lib/db/landlord";
import { migrate } from "@/lib/db/migrator";
import { connect, tenantServer } from "@/lib/db/server";
import { closeTenantClients, tenantCacheStats, withTenantConnection } from "@/lib/db/tenant-clients";
import { tenantUsername } from "@/lib/db/tenant-credentials";
import { env } from "@/lib/env";
import { migrateFleet } from "@/lib/operations/migrate";
import { verifyPassword } from "@/lib/passwords";
import { inlineDriver, inlineIdle } from "@/lib/provisioning/inline-driver";
import { approveAndStart } from "@/lib/provisioning/start";
import { signInTenantUser } from "@/lib/tenant-auth/sign-in";
import { tenantMigrationsWith } from "@/tests/helpers/migration-folder";
import { BENCH_INITIAL_PASSWORD, type Figure, percentile, sameKindMigrations, timed } from "./lib";
import { newApplication } from "./provisioning-latency";
import { sampleWhile } from "./sampler";
import { dropBenchTenants } from "./servers";

const OPERATOR = { type: "operator" as const, label: "bench" };

async function provisionFleet(count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const application = await newApplication("fleet");
    await approveAndStart(application.id, OPERATOR, undefined, inlineDriver);
    ids.push(application.id);
  }
  await inlineIdle();
  // Its own tenants only: the landlord may hold others (the smoke test's, on another server).
  const tenants = await landlord().tenant.findMany({
    where: { status: "active", applications: { some: { id: { in: ids } } } },
    select: {
      id: true,
      slug: true,
      email: true,
      databaseName: true,
      serverId: true,
      credentialSlot: true,
      credentialVersion: true,
    },
  });
  if (tenants.length < count) throw new Error(`only ${tenants.length} of ${count} tenants provisioned`);
  return tenants;
}

async function fleetMigration(databases: string[]): Promise<Figure[]> {
  const [first, second] = sameKindMigrations("bench");
  const baselineDir = tenantMigrationsWith({ "20990101000000_bench_first": first });
  const oursDir = tenantMigrationsWith({ "20990101000000_bench_first": first, "20990101000100_bench_second": second });

  const conn = await connect(tenantServer(), { multipleStatements: true });
  const [baselineMs] = await timed(async () => {
    for (const database of databases) await migrate({ server: tenantServer(), database, dir: baselineDir, conn });
  });
  await conn.end();

  const [oursMs, report] = await timed(() => migrateFleet({ actor: OPERATOR, dir: oursDir }));
  const own = new Set(databases);
  const migrated = report.results.filter(
    (r) => own.has(r.database) && r.applied.includes("20990101000100_bench_second"),
  ).length;
  return [
    {
      benchmark: "fleet migration",
      metric: `${databases.length} tenants, one migration (concurrency ${report.concurrency})`,
      value: oursMs / 1000,
      unit: "s",
      baseline: baselineMs / 1000,
      ratio: baselineMs / oursMs,
      target: "≥3x faster",
      pass: baselineMs / oursMs >= 3,
    },
    {
      benchmark: "fleet migration",
      metric: "tenants migrated",
      value: migrated,
      unit: `of ${databases.length}`,
      target: `${databases.length}`,
      pass: migrated === databases.length && report.counts.failed === 0,
    },
  ];
}

type FleetTenant = Awaited<ReturnType<typeof provisionFleet>>[number];

/** Whether a tenant's connection signs in as its own database user (CURRENT_USER, asked of the server). */
async function ownUser(tenant: FleetTenant): Promise<boolean> {
  if (!tenant.credentialSlot) return false;
  const who = await withTenantConnection(tenant, async (conn) => {
    const [row] = await conn.query("SELECT CURRENT_USER() AS who");
    return String(row.who).split("@")[0];
  });
  return who === tenantUsername(tenant.id, tenant.credentialSlot);
}

async function signIns(tenants: FleetTenant[], total: number): Promise<Figure[]> {
  const password = BENCH_INITIAL_PASSWORD;
  const workers = 4;
  const pick = (i: number) => tenants[i % tenants.length] as (typeof tenants)[number];

  // Baseline first: the bare work of checking one password.
  const floor: number[] = [];
  const conns = await Promise.all(Array.from({ length: workers }, () => connect(tenantServer())));
  let next = 0;
  await Promise.all(
    conns.map(async (conn) => {
      for (let i = next++; i < total; i = next++) {
        const t = pick(i);
        const [ms] = await timed(async () => {
          const [row] = await conn.query(
            `SELECT password_hash FROM \`${t.databaseName}\`.tenant_users WHERE email = ?`,
            [t.email],
          );
          if (!(await verifyPassword(password, row.password_hash))) throw new Error("baseline password mismatch");
        });
        floor.push(ms);
      }
    }),
  );
  await Promise.all(conns.map((c) => c.end()));

  // The sign-ins start with an empty tenant cache, as a portal process does; its peak is theirs alone.
  await closeTenantClients();
  const ours: number[] = [];
  let peakTenantConnections = 0;
  let peakClients = 0;
  next = 0;
  const [, samples] = await sampleWhile(() =>
    Promise.all(
      Array.from({ length: workers }, async () => {
        for (let i = next++; i < total; i = next++) {
          const t = pick(i);
          const ip = `198.18.${(i >> 8) & 255}.${i & 255}`;
          const [ms, result] = await timed(() =>
            signInTenantUser({ slug: t.slug, email: t.email, password }, { ip, userAgent: "bench" }),
          );
          if (!result.ok) throw new Error(`sign-in refused for ${t.slug}: ${result.reason}`);
          ours.push(ms);
          const stats = tenantCacheStats();
          peakTenantConnections = Math.max(peakTenantConnections, stats.connections);
          peakClients = Math.max(peakClients, stats.clients);
        }
      }),
    ),
  );
  const cap = env().TENANT_CONNECTION_CAP;
  const peakOpened = tenantCacheStats().peakConnections;
  const checked = tenants.filter((_, i) => i % Math.max(1, Math.floor(tenants.length / 20)) === 0);
  let own = 0;
  for (const tenant of checked) if (await ownUser(tenant)) own++;
  return [
    {
      benchmark: "tenant sign-in",
      metric: `p95 over ${total} sign-ins, ${tenants.length} tenants, ${workers} at a time`,
      value: percentile(ours, 95),
      unit: "ms",
      baseline: percentile(floor, 95),
      ratio: percentile(ours, 95) / percentile(floor, 95),
      target: "≤1.3x",
      pass: percentile(ours, 95) / percentile(floor, 95) <= 1.3,
    },
    {
      benchmark: "tenant sign-in",
      metric: "p50",
      value: percentile(ours, 50),
      unit: "ms",
      baseline: percentile(floor, 50),
      ratio: percentile(ours, 50) / percentile(floor, 50),
    },
    {
      benchmark: "tenant sign-in",
      metric: `peak tenant connections open (${peakTenantConnections} seen between sign-ins)`,
      value: peakOpened,
      unit: "conns",
      target: `≤${cap} (TENANT_CONNECTION_CAP)`,
      pass: peakOpened <= cap && peakTenantConnections <= cap,
    },
    {
      benchmark: "tenant sign-in",
      metric: "connections as the tenant's own database user (CURRENT_USER, sampled)",
      value: own,
      unit: `of ${checked.length}`,
      target: `${checked.length}`,
      pass: own === checked.length,
    },
    {
      benchmark: "tenant sign-in",
      metric: "peak tenant clients cached",
      value: peakClients,
      unit: "clients",
      target: `≤${env().TENANT_CLIENT_CACHE_SIZE}`,
      pass: peakClients <= env().TENANT_CLIENT_CACHE_SIZE,
    },
    {
      benchmark: "tenant sign-in",
      metric: `peak Threads_connected (whole server; ${samples.baselineConnections} before)`,
      value: samples.peakConnections,
      unit: "conns",
    },
  ];
}

export async function fleetAndSignIn(count = 2000, signInCount = 2000): Promise<Figure[]> {
  try {
    const tenants = await provisionFleet(count);
    return [...(await fleetMigration(tenants.map((t) => t.databaseName))), ...(await signIns(tenants, signInCount))];
  } finally {
    await closeTenantClients();
    await dropBenchTenants(); // their own database users outlive the bench landlord
  }
}
