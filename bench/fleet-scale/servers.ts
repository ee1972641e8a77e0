// The two real servers of the fleet-scale benchmark: the benchmarks' own
// (3306) and a second one registered like any database server; sampling both
// while work runs; each server's table-cache and file figures; and dropping
// every tenant database and database user the run made.
import type { Connection } from "mariadb";
import { landlord } from "@/lib/db/landlord";
import { connect, dropDatabase, type ServerConfig } from "@/lib/db/server";
import { adminConfig, type DatabaseServer, listRegisteredServers, registerServer } from "@/lib/db/servers";
import { dropDatabaseUser, tenantUsername } from "@/lib/db/tenant-credentials";

export interface FleetServerRef {
  id: number;
  name: string;
  config: ServerConfig;
}

/** Registers `second` beside the configured (first) server; both get room for `capacity` tenants. */
export async function registerTwoServers(second: ServerConfig, capacity: number): Promise<FleetServerRef[]> {
  const [first] = await listRegisteredServers();
  if (!first) throw new Error("no database server registered");
  await landlord().databaseServer.update({ where: { id: first.id }, data: { capacity } });
  const other = await registerServer({ name: "bench-second", ...second }, capacity);
  const ref = (s: DatabaseServer): FleetServerRef => ({ id: s.id, name: s.name, config: adminConfig(s) });
  return [ref(first), ref(other)];
}

export interface ServerSamples {
  name: string;
  baselineConnections: number;
  peakConnections: number;
}

/** Runs `work` while sampling each server's Threads_connected and this process's RSS. */
export async function sampleServers<T>(
  servers: FleetServerRef[],
  work: () => Promise<T>,
  everyMs = 50,
): Promise<[T, ServerSamples[], number]> {
  const conns = await Promise.all(servers.map((s) => connect(s.config)));
  const read = async (conn: Connection) => {
    const [row] = await conn.query("SHOW GLOBAL STATUS LIKE 'Threads_connected'");
    return Number(row?.Value);
  };
  const samples = await Promise.all(
    conns.map(async (conn, i) => {
      const baseline = await read(conn);
      return { name: servers[i]?.name ?? "", baselineConnections: baseline, peakConnections: baseline };
    }),
  );
  let peakRss = process.memoryUsage().rss;
  let running = true;
  const loop = (async () => {
    while (running) {
      const now = await Promise.all(conns.map(read));
      now.forEach((n, i) => {
        const s = samples[i];
        if (s) s.peakConnections = Math.max(s.peakConnections, n);
      });
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  try {
    const result = await work();
    return [result, samples, peakRss / 2 ** 20];
  } finally {
    running = false;
    await loop;
    await Promise.all(conns.map((c) => c.end()));
  }
}

/** Drops the databases and database users of every tenant in this landlord, on the server each lives on. */
export async function dropFleet(servers: FleetServerRef[]): Promise<void> {
  const tenants = await landlord().tenant.findMany({ select: { id: true, databaseName: true, serverId: true } });
  await Promise.all(
    servers.map(async (server) => {
      const conn = await connect(server.config);
      try {
        for (const t of tenants.filter((x) => x.serverId === server.id)) {
          await dropDatabase(conn, t.databaseName);
          await dropDatabaseUser(conn, tenantUsername(t.id, "a"));
          await dropDatabaseUser(conn, tenantUsername(t.id, "b"));
        }
      } finally {
        await conn.end();
      }
    }),
  );
}
