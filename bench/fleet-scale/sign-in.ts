// Tenant sign-in spread over every tenant of both servers, 4 at a time:
// p95 and p50, and the tenant connections this process holds against
// TENANT_CONNECTION_CAP (sampled after every sign-in, and the pools' own
// peak). Baseline, same run and tenants: the user's row by one SELECT on an
// admin connection to its server and the same bcrypt comparison.
import type { Connection } from "mariadb";
import { landlord } from "@/lib/db/landlord";
import { connect } from "@/lib/db/server";
import { tenantCacheStats } from "@/lib/db/tenant-clients";
import { env } from "@/lib/env";
import { verifyPassword } from "@/lib/passwords";
import { signInTenantUser } from "@/lib/tenant-auth/sign-in";
import { type Figure, percentile, timed } from "../lib";
import type { FleetServerRef } from "./servers";

const WORKERS = 4;

async function inTurns(total: number, work: (i: number) => Promise<number>): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      for (let i = next++; i < total; i = next++) times.push(await work(i));
    }),
  );
  return times;
}

export async function fleetSignIns(servers: FleetServerRef[], total: number): Promise<Figure[]> {
  const tenants = await landlord().tenant.findMany({
    where: { status: "active" },
    select: { slug: true, email: true, databaseName: true, serverId: true },
    orderBy: { createdAt: "asc" },
  });
  const pick = (i: number) => tenants[i % tenants.length] as (typeof tenants)[number];
  // The benchmarks' landlord sets the fixed development password (bench/lib.ts); so does the smoke test.
  const password = env().INITIAL_ADMIN_PASSWORD;
  if (!password) throw new Error("the sign-in stage needs a fixed INITIAL_ADMIN_PASSWORD");

  const conns = new Map<number, Connection>();
  for (const s of servers) conns.set(s.id, await connect(s.config));
  const floor = await inTurns(total, async (i) => {
    const t = pick(i);
    const conn = conns.get(t.serverId ?? -1);
    if (!conn) throw new Error(`tenant ${t.slug} is on no server of this run`);
    const [ms] = await timed(async () => {
      const [row] = await conn.query(`SELECT password_hash FROM \`${t.databaseName}\`.tenant_users WHERE email = ?`, [
        t.email,
      ]);
      if (!(await verifyPassword(password, row.password_hash))) throw new Error("baseline password mismatch");
    });
    return ms;
  });
  await Promise.all([...conns.values()].map((c) => c.end()));

  let peakConnections = 0;
  const ours = await inTurns(total, async (i) => {
    const t = pick(i);
    const ip = `198.19.${(i >> 8) & 255}.${i & 255}`;
    const [ms, result] = await timed(() =>
      signInTenantUser({ slug: t.slug, email: t.email, password }, { ip, userAgent: "bench" }),
    );
    if (!result.ok) throw new Error(`sign-in refused for ${t.slug}: ${result.reason}`);
    peakConnections = Math.max(peakConnections, tenantCacheStats().connections);
    return ms;
  });
  const stats = tenantCacheStats();
  const cap = env().TENANT_CONNECTION_CAP;
  const held = Math.max(peakConnections, stats.peakConnections);
  return [
    {
      benchmark: "fleet-scale sign-in",
      metric: `p95 over ${total} sign-ins, ${tenants.length} tenants on 2 servers, ${WORKERS} at a time`,
      value: percentile(ours, 95),
      unit: "ms",
      baseline: percentile(floor, 95),
      ratio: percentile(ours, 95) / percentile(floor, 95),
    },
    {
      benchmark: "fleet-scale sign-in",
      metric: "p50",
      value: percentile(ours, 50),
      unit: "ms",
      baseline: percentile(floor, 50),
      ratio: percentile(ours, 50) / percentile(floor, 50),
    },
    {
      benchmark: "fleet-scale sign-in",
      metric: "peak tenant connections open in this process",
      value: held,
      unit: "conns",
      target: `≤${cap} (TENANT_CONNECTION_CAP)`,
      pass: held <= cap,
    },
  ];
}
