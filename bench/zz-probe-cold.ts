// SCRATCH (delete): where a cold tenant sign-in's time goes.
import nextEnv from "@next/env";
import mariadb from "mariadb";
import { landlord } from "@/lib/db/landlord";
import { adminConfig, serverOf } from "@/lib/db/servers";
import { closeTenantClients, tenantCacheStats, tenantClient } from "@/lib/db/tenant-clients";
import { activeCredentials } from "@/lib/db/tenant-credentials";
import { verifyPassword } from "@/lib/passwords";
import { inlineDriver, inlineIdle } from "@/lib/provisioning/inline-driver";
import { approveAndStart } from "@/lib/provisioning/start";
import { signInTenantUser } from "@/lib/tenant-auth/sign-in";
import { findTenantBySlug } from "@/lib/tenant-auth/tenants";
import { BENCH_INITIAL_PASSWORD, createBenchLandlord, percentile, timed } from "./lib";
import { newApplication } from "./provisioning-latency";
import { dropBenchTenants } from "./servers";

const N = Number(process.env.PROBE_TENANTS ?? 200);
const OPERATOR = { type: "operator" as const, label: "bench" };
const stats: Record<string, number[]> = {};
const note = (k: string, ms: number) => {
  stats[k] ??= [];
  stats[k].push(ms);
};
function report(title: string) {
  console.log(`-- ${title}`);
  for (const [k, v] of Object.entries(stats)) {
    console.log(`${k.padEnd(28)} n=${v.length} p50=${percentile(v, 50).toFixed(1)} p95=${percentile(v, 95).toFixed(1)}`);
  }
  for (const k of Object.keys(stats)) delete stats[k];
}

async function main() {
  nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });
  const ll = await createBenchLandlord();
  try {
    const t0 = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const a = await newApplication("probe");
      await approveAndStart(a.id, OPERATOR, undefined, inlineDriver);
      ids.push(a.id);
    }
    await inlineIdle();
    console.log(`provisioned ${N} in ${Date.now() - t0} ms`);
    const tenants = await landlord().tenant.findMany({ where: { status: "active" } });
    const half = Math.floor(tenants.length / 2);
    const mysqld = Number((await import("node:child_process")).execSync("pgrep -o -x mariadbd || pgrep -o -x mysqld").toString().trim());
    const fs = await import("node:fs");
    const srvCpu = () => { const f = fs.readFileSync(`/proc/${mysqld}/stat`, "utf8").split(") ")[1]?.split(" ") ?? []; return (Number(f[11]) + Number(f[12])) * 10; };
    const cpu = async (label: string, n: number, work: () => Promise<void>) => {
      const c0 = process.cpuUsage(); const s0 = srvCpu(); const w0 = Date.now();
      await work();
      const c = process.cpuUsage(c0); const s1 = srvCpu();
      console.log(`${label}: wall ${(Date.now() - w0) / n} ms/each, node main+workers cpu ${((c.user + c.system) / 1000 / n).toFixed(1)} ms/each, mysqld cpu ${((s1 - s0) / n).toFixed(1)} ms/each`);
    };
    let ipn = 0;
    const sign = async (t: (typeof tenants)[number], key: string) => {
      ipn++;
      const [a, r] = await timed(() =>
        signInTenantUser({ slug: t.slug, email: t.email, password: BENCH_INITIAL_PASSWORD }, { ip: `198.19.${ipn >> 8}.${ipn & 255}`, userAgent: "b" }),
      );
      if (!r.ok) throw new Error(r.reason);
      note(key, a);
    };
    const floorOne = async (t: (typeof tenants)[number], conn: mariadb.Connection, key: string) => {
      const [a] = await timed(async () => {
        const [row] = await conn.query(`SELECT password_hash FROM \`${t.databaseName}\`.tenant_users WHERE email = ?`, [t.email]);
        await verifyPassword(BENCH_INITIAL_PASSWORD, row.password_hash);
      });
      note(key, a);
    };
    const { connect, tenantServer } = await import("@/lib/db/server");
    const fc = await connect(tenantServer());
    await cpu("floor seq", 100, async () => { for (const t of tenants.slice(0, 100)) await floorOne(t, fc, "floor seq"); });
    await fc.end();
    await closeTenantClients();
    await cpu("signIn cold seq", 100, async () => { for (const t of tenants.slice(0, 100)) await sign(t, "signIn cold seq"); });
    const few = tenants.slice(0, 20);
    await cpu("signIn warm seq", 100, async () => { for (let i = 0; i < 100; i++) await sign(few[i % 20] as (typeof tenants)[number], "signIn warm seq"); });
    report("sequential");
    await closeTenantClients();
    const fcs = await Promise.all([1, 2, 3, 4].map(() => connect(tenantServer())));
    let nf = 0;
    await cpu("floor x4", tenants.length, () => Promise.all(fcs.map(async (c) => { for (let i = nf++; i < tenants.length; i = nf++) await floorOne(tenants[i] as (typeof tenants)[number], c, "floor x4"); })).then(() => undefined));
    await Promise.all(fcs.map((c) => c.end()));
    let nc = 0;
    await cpu("signIn cold x4", tenants.length, () => Promise.all([1, 2, 3, 4].map(async () => { for (let i = nc++; i < tenants.length; i = nc++) await sign(tenants[i] as (typeof tenants)[number], "signIn cold x4"); })).then(() => undefined));
    console.log(tenantCacheStats());
    report("x4");
    if (process.env.PROBE_SKIP) return;
    // Part 3: whole sign-ins, cold, sequential on the other half, then 4 at a time again.
    await closeTenantClients();
    for (const t of tenants.slice(half)) {
      const [a, r] = await timed(() =>
        signInTenantUser({ slug: t.slug, email: t.email, password: BENCH_INITIAL_PASSWORD }, { ip: "198.18.0.1", userAgent: "b" }),
      );
      if (!r.ok) throw new Error(r.reason);
      note("signIn cold seq", a);
    }
    await closeTenantClients();
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = next++; i < tenants.length; i = next++) {
          const t = tenants[i] as (typeof tenants)[number];
          const [a, r] = await timed(() =>
            signInTenantUser({ slug: t.slug, email: t.email, password: BENCH_INITIAL_PASSWORD }, { ip: `198.18.1.${i & 255}`, userAgent: "b" }),
          );
          if (!r.ok) throw new Error(r.reason);
          note("signIn cold x4", a);
        }
      }),
    );
    console.log(tenantCacheStats());
    report("sign-in");
  } finally {
    await closeTenantClients();
    await dropBenchTenants();
    await ll.cleanup();
  }
}
void main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
