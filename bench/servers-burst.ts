// Burst across two servers: `count` approvals at once, provisioned by the real
// workflow (bench/burst.ts) and placed across the first server and a second
// one registered for the run with half the first's capacity, so placement by
// capacity shows. Figures: all provisioned; each server's tenants against its
// share of the capacity (target within ±10%); the most connections this
// process held to each server (counted from /proc: the servers may be shared)
// against the most it may open there, beside the servers' own Threads_connected
// and max_connections; the total time beside the same burst on
// one server (the second cordoned), measured after it in the same run.
import { landlord } from "@/lib/db/landlord";
import { SERVER_POOL_SIZE } from "@/lib/db/server";
import { adminConfig, type DatabaseServer } from "@/lib/db/servers";
import { env } from "@/lib/env";
import { setServerState } from "@/lib/operations/servers";
import { approveAll, countProvisioned, newApplications } from "./burst";
import { benchServer, type Figure, timed } from "./lib";
import { sampleWhile } from "./sampler";
import { connectionStatus, OPERATOR, peakOwnConnections, withSecondServer } from "./servers";

/** The most connections this process opens to a server: its tenant pools, its admin pool, and the landlord's if there. */
function portalCap(server: DatabaseServer): number {
  const config = env();
  const landlordHere = server.host === benchServer().host && server.port === benchServer().port;
  return config.TENANT_CONNECTION_CAP + SERVER_POOL_SIZE + (landlordHere ? config.LANDLORD_POOL_SIZE : 0);
}

async function placedOn(applications: { id: string }[]): Promise<Map<number, number>> {
  const rows = await landlord().tenant.groupBy({
    by: ["serverId"],
    where: { applications: { some: { id: { in: applications.map((a) => a.id) } } } },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [Number(r.serverId), r._count._all]));
}

export async function serversBurst(count = 200, options: { secondUrl?: string } = {}): Promise<Figure[]> {
  const capacity = Math.max(1, Math.floor(env().SERVER_CAPACITY / 2));
  return withSecondServer(
    async ({ primary, second }) => {
      const servers = [primary, second];
      const applications = await newApplications(count, "sb");
      const [[[[ms], peaks], secondSamples], primarySamples] = await sampleWhile(
        () =>
          sampleWhile(
            () => peakOwnConnections([primary.port, second.port], () => timed(() => approveAll(applications))),
            20,
            adminConfig(second),
          ),
        20,
        adminConfig(primary),
      );
      const provisioned = await countProvisioned(applications);
      const placed = await placedOn(applications);
      const status = await Promise.all(servers.map((s) => connectionStatus(adminConfig(s))));

      // Baseline: the same burst on the first server alone.
      const single = await newApplications(count, "sb1");
      await setServerState(second.name, "cordoned", OPERATOR);
      let singleMs: number;
      try {
        [singleMs] = await timed(() => approveAll(single));
      } finally {
        await setServerState(second.name, "active", OPERATOR);
      }
      const singleProvisioned = await countProvisioned(single);

      const totalCapacity = primary.capacity + second.capacity;
      // The spread of what was placed; what failed is the figure above.
      const placedTotal = [...placed.values()].reduce((a, b) => a + b, 0);
      const figures: Figure[] = [
        {
          benchmark: "servers burst",
          metric: `${count} approvals over 2 servers → all provisioned`,
          value: ms / 1000,
          unit: "s",
          baseline: singleMs / 1000,
          ratio: ms / singleMs,
        },
        {
          benchmark: "servers burst",
          metric: "provisioned (no failures), 2 servers / 1 server",
          value: provisioned,
          unit: `of ${count}`,
          baseline: singleProvisioned,
          target: `${count}`,
          pass: provisioned === count && singleProvisioned === count,
        },
      ];
      servers.forEach((server, i) => {
        const tenants = placed.get(server.id) ?? 0;
        const expected = (placedTotal * server.capacity) / totalCapacity;
        const deviation = (tenants - expected) / expected;
        const samples = i === 0 ? primarySamples : secondSamples;
        const opened = (peaks[i] ?? 0) - 1; // the sampler's own connection is not the portal's
        const cap = portalCap(server);
        figures.push(
          {
            benchmark: "servers burst",
            metric: `${server.name}: tenants (capacity ${server.capacity}, share ${expected.toFixed(1)}), deviation ${(deviation * 100).toFixed(1)}%`,
            value: tenants,
            unit: "tenants",
            baseline: expected,
            ratio: tenants / expected,
            target: "±10% of share",
            pass: Math.abs(deviation) <= 0.1,
          },
          {
            benchmark: "servers burst",
            metric: `${server.name}: peak connections of this process (server: Threads_connected ${samples.baselineConnections} → ${samples.peakConnections}, Max_used_connections ${status[i]?.maxUsed}/${status[i]?.maxConnections})`,
            value: opened,
            unit: "conns",
            target: `≤${cap} (portal cap there)`,
            pass: opened <= cap,
          },
        );
      });
      return figures;
    },
    { secondUrl: options.secondUrl, capacity },
  );
}
