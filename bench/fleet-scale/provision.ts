// Provisioning N tenants through the real workflow (approveAndStart, the
// inline driver at PROVISIONING_CONCURRENCY), placed across two servers by
// the real placement. Measured: total time, tenants per second, failures,
// each server's peak connections above its own baseline, and this process's
// peak RSS. A server's cap: every tenant connection (TENANT_CONNECTION_CAP,
// across all servers) could be on it, beside its raw-work pool, and the
// landlord's pool on the landlord's server (lib/db/connection-budget.ts).
// On the landlord's server, Threads_connected also counts other clients.
import { landlord } from "@/lib/db/landlord";
import { connect, dropDatabase, SERVER_POOL_SIZE } from "@/lib/db/server";
import { env } from "@/lib/env";
import { describeError } from "@/lib/errors";
import { mapBounded } from "@/lib/operations/concurrency";
import { inlineDriver, inlineIdle } from "@/lib/provisioning/inline-driver";
import { approveAndStart } from "@/lib/provisioning/start";
import { floorDatabaseName, floorTenant, tenantMigrationSql } from "../floor";
import { benchServer, type Figure, timed } from "../lib";
import { newApplication } from "../provisioning-latency";
import { type FleetServerRef, sampleServers } from "./servers";

const OPERATOR = { type: "operator" as const, label: "bench" };

/** The floor's rate (tenants per second) over a sample of `count`, at the same concurrency. */
async function floorRate(count: number, concurrency: number): Promise<number> {
  const sql = await tenantMigrationSql();
  const names = Array.from({ length: count }, () => floorDatabaseName());
  const [ms] = await timed(() =>
    mapBounded(names, concurrency, async (name) => {
      const conn = await connect(benchServer(), { multipleStatements: true });
      try {
        await floorTenant(conn, name, sql);
      } finally {
        await conn.end();
      }
    }),
  );
  const conn = await connect(benchServer());
  for (const name of names) await dropDatabase(conn, name);
  await conn.end();
  return (count * 1000) / ms;
}

export async function provisionAcross(servers: FleetServerRef[], count: number): Promise<Figure[]> {
  const applications = await mapBounded(
    Array.from({ length: count }, (_, i) => i),
    8,
    () => newApplication("fs"),
  );
  const ids = applications.map((a) => {
    if (!a.ok) throw a.error;
    return a.value.id;
  });
  // Approvals arrive a few at a time, as from a console; the driver queues them.
  const [[ms, refused], samples, peakRssMiB] = await sampleServers(servers, () =>
    timed(async () => {
      const approved = await mapBounded(ids, 4, (id) => approveAndStart(id, OPERATOR, undefined, inlineDriver));
      await inlineIdle();
      return approved.flatMap((r) => (r.ok ? [] : [describeError(r.error)]));
    }),
  );
  const provisioned = await landlord().tenantApplication.count({
    where: { id: { in: ids }, status: "provisioned" },
  });
  const placed = await landlord().tenant.groupBy({ by: ["serverId"], _count: { _all: true } });
  const config = env();
  const floor = await floorRate(Math.min(count, 100), env().PROVISIONING_CONCURRENCY);
  const figures: Figure[] = [
    {
      benchmark: "fleet-scale provision",
      metric: `${count} tenants over 2 servers (${env().PROVISIONING_CONCURRENCY} at a time)`,
      value: ms / 1000,
      unit: "s",
    },
    {
      benchmark: "fleet-scale provision",
      metric: `tenants per second (baseline: the floor's work, ${Math.min(count, 100)} tenants, same concurrency)`,
      value: (count * 1000) / ms,
      unit: "/s",
      baseline: floor,
      ratio: (count * 1000) / ms / floor,
    },
    {
      benchmark: "fleet-scale provision",
      metric: `failures${refused.length > 0 ? ` (${refused.length} approvals refused, first: ${refused[0]?.slice(0, 120)})` : ""}`,
      value: count - provisioned,
      unit: `of ${count}`,
      target: "0",
      pass: provisioned === count,
    },
    { benchmark: "fleet-scale provision", metric: "peak process memory (RSS)", value: peakRssMiB, unit: "MiB" },
  ];
  for (const [i, s] of samples.entries()) {
    const server = servers[i] as FleetServerRef;
    const cap = config.TENANT_CONNECTION_CAP + SERVER_POOL_SIZE + (i === 0 ? config.LANDLORD_POOL_SIZE : 0);
    const extra = s.peakConnections - s.baselineConnections;
    const tenants = placed.find((p) => p.serverId === server.id)?._count._all ?? 0;
    figures.push({
      benchmark: "fleet-scale provision",
      metric: `server ${s.name}: ${tenants} tenants, peak connections above its baseline (${s.baselineConnections})`,
      value: extra,
      unit: "conns",
      target: `≤${cap} (its cap)`,
      pass: extra <= cap,
    });
  }
  return figures;
}
