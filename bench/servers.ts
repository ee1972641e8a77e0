// The second database server of the benchmarks of several servers: a MariaDB
// of the benchmarks' own (scripts/lib/extra-server.ts), or one given (the
// tests' second server), registered as `second` through the servers
// operations beside the first one. Everything the run made is dropped at the
// end: the tenants' databases on the second server (the first one's go with
// the bench landlord) and the tenants' own database users on both, which
// outlive their databases.
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { landlord } from "@/lib/db/landlord";
import { closeServerPools, connect, dropDatabase, parseDatabaseUrl, type ServerConfig } from "@/lib/db/server";
import { adminConfig, type DatabaseServer, listRegisteredServers } from "@/lib/db/servers";
import { closeTenantClients } from "@/lib/db/tenant-clients";
import { dropDatabaseUser } from "@/lib/db/tenant-credentials";
import { addServer, findServer } from "@/lib/operations/servers";
import { startExtraServer } from "@/scripts/lib/extra-server";

export const OPERATOR = { type: "operator" as const, label: "bench" };

export interface BenchServers {
  primary: DatabaseServer;
  second: DatabaseServer;
}

/** The admin connection of a server as a URL without a database, for addServer. */
function urlOf(url: string): string {
  const { host, port, user, password } = parseDatabaseUrl(url, false);
  const auth = password ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}` : encodeURIComponent(user);
  return `mysql://${auth}@${host}:${port}`;
}

async function register(url: string, capacity?: number): Promise<BenchServers> {
  const [primary] = await listRegisteredServers(); // the configured one registers itself first
  if (!primary) throw new Error("no first database server");
  const second = await findServer("second").catch(() => null);
  if (!second) await addServer({ name: "second", url: urlOf(url), capacity }, OPERATOR);
  return { primary, second: await findServer("second") };
}

/**
 * Runs `work` with two registered servers: `secondUrl`'s (left running, and
 * what the run made on it left to its owner), or one started for the run
 * (emptied and stopped after). `capacity` is the second's, when this registers it.
 */
export async function withSecondServer<T>(
  work: (servers: BenchServers) => Promise<T>,
  options: { secondUrl?: string; capacity?: number } = {},
): Promise<T> {
  const started = options.secondUrl ? undefined : await startExtraServer("bench-servers");
  try {
    const servers = await register(options.secondUrl ?? (started?.url() as string), options.capacity);
    try {
      return await work(servers);
    } finally {
      // A given server is its owner's to clean (the tests' set-up drops what each file made).
      if (started) await dropBenchTenants(servers);
    }
  } finally {
    // Nothing may hold a connection to a server that is about to stop.
    await closeTenantClients();
    await closeServerPools();
    await started?.stop();
  }
}

/** Drops the tenants' own users on every registered server and the tenant databases on the second. */
export async function dropBenchTenants(servers?: BenchServers): Promise<void> {
  const users = (await landlord().tenantCredential.findMany({ select: { username: true } })).map((c) => c.username);
  const elsewhere = servers
    ? await landlord().tenant.findMany({ where: { serverId: servers.second.id }, select: { databaseName: true } })
    : [];
  // A moved tenant's database stays on its source; the catalog knows every copy.
  const catalogued = servers
    ? await landlord().databaseCatalogEntry.findMany({
        where: { kind: "database", server: `${servers.second.host}:${servers.second.port}` },
        select: { name: true },
      })
    : [];
  for (const server of await listRegisteredServers()) {
    const conn = await connect(adminConfig(server));
    try {
      for (const user of users) await dropDatabaseUser(conn, user);
      if (servers && server.id === servers.second.id) {
        for (const name of new Set([...elsewhere.map((t) => t.databaseName), ...catalogued.map((e) => e.name)])) {
          await dropDatabase(conn, name);
        }
      }
    } finally {
      await conn.end();
    }
  }
}

/** A server's Max_used_connections (since it started) and max_connections. */
export async function connectionStatus(server: ServerConfig): Promise<{ maxUsed: number; maxConnections: number }> {
  const conn = await connect(server);
  try {
    const [used] = await conn.query("SHOW GLOBAL STATUS LIKE 'Max_used_connections'");
    const [max] = await conn.query("SELECT @@max_connections AS n");
    return { maxUsed: Number(used?.Value), maxConnections: Number(max?.n) };
  } finally {
    await conn.end();
  }
}

/**
 * How many TCP connections this process holds to `port` now (from /proc), so
 * a shared server's connections of other programs do not count as ours.
 */
export function ownConnections(port: number): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      const link = readlinkSync(`/proc/self/fd/${fd}`);
      if (link.startsWith("socket:[")) inodes.add(link.slice(8, -1));
    } catch {
      // closed meanwhile
    }
  }
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  let count = 0;
  for (const table of ["/proc/self/net/tcp", "/proc/self/net/tcp6"]) {
    const lines = existsSync(table) ? readFileSync(table, "utf8").split("\n").slice(1) : [];
    for (const line of lines) {
      const cols = line.trim().split(/\s+/);
      // remote address, state 01 (established), inode
      if (cols[2]?.endsWith(`:${hexPort}`) && cols[3] === "01" && inodes.has(cols[9] ?? "")) count++;
    }
  }
  return count;
}

/** The most connections this process held to each port while `work` ran, sampled every `everyMs`. */
export async function peakOwnConnections<T>(ports: number[], work: () => Promise<T>, everyMs = 20) {
  const peaks = ports.map(() => 0);
  let running = true;
  const loop = (async () => {
    while (running) {
      ports.forEach((port, i) => {
        peaks[i] = Math.max(peaks[i] ?? 0, ownConnections(port));
      });
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  try {
    return [await work(), peaks] as const;
  } finally {
    running = false;
    await loop;
  }
}
