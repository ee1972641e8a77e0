// Fleet work across database servers: each tenant on the server it lives on,
// at most `limit` tenants at a time on each server (so one server's load never
// depends on the fleet's size), and a server that does not answer reported
// once, its tenants skipped, while the other servers' tenants go on.
import "server-only";
import { connect, type ServerConfig } from "../db/server";
import { adminConfig, type DatabaseServer, listRegisteredServers, serverLabel, whyUnreachable } from "../db/servers";
import { describeError } from "../errors";
import { mapBounded, type Settled } from "./concurrency";

export interface FleetServer {
  id: number;
  name: string;
  /** host:port */
  label: string;
  config: ServerConfig;
  /** Why it could not be reached, or null when it answers. */
  down: string | null;
}

function fleetServer(server: DatabaseServer, down: string | null): FleetServer {
  return { id: server.id, name: server.name, label: serverLabel(server), config: adminConfig(server), down };
}

/** Every registered server (or those of `ids`), each tried once with a short timeout. */
export async function fleetServers(ids?: Iterable<number>): Promise<Map<number, FleetServer>> {
  const wanted = ids ? new Set(ids) : null;
  const servers = (await listRegisteredServers()).filter((s) => !wanted || wanted.has(s.id));
  const checked = await Promise.all(
    servers.map(async (server) => fleetServer(server, (await whyUnreachable(server)) ?? null)),
  );
  return new Map(checked.map((s) => [s.id, s]));
}

/** The tenants' servers that did not answer, each once: what a command reports before its per-tenant lines. */
export function downServers(servers: Map<number, FleetServer>, tenants: readonly { serverId: number }[]) {
  return [...servers.values()]
    .filter((s) => s.down)
    .map((s) => ({ server: s, tenants: tenants.filter((t) => t.serverId === s.id).length }))
    .filter((d) => d.tenants > 0);
}

/** The down servers as a report lists them. */
export function reportDown(servers: Map<number, FleetServer>, tenants: readonly { serverId: number }[]) {
  return downServers(servers, tenants).map((d) => ({
    name: d.server.name,
    label: d.server.label,
    reason: d.server.down ?? "",
    tenants: d.tenants,
  }));
}

/**
 * After a failure: whether the server stopped answering (then it is marked
 * down, once, with why). One check at a time per server, and none after it
 * is known down, so a server that goes away costs one short check, not one
 * per tenant.
 */
function downAfterFailure(server: FleetServer): () => Promise<boolean> {
  let checking: Promise<boolean> | null = null;
  return () => {
    if (server.down) return Promise.resolve(true);
    checking ??= (async () => {
      try {
        const conn = await connect(server.config);
        await conn.end();
        return false;
      } catch (error) {
        server.down = `went away during the run: ${describeError(error)}`;
        return true;
      } finally {
        checking = null;
      }
    })();
    return checking;
  };
}

/**
 * Runs `work` for every item on its server, `limit` at a time per server;
 * items on a server that is down, or that stops answering during the run,
 * are settled by `skipped` instead. Results
 * come in input order; `onSettled` is called as each finishes.
 */
export async function mapPerServer<I extends { serverId: number }, O>(
  items: readonly I[],
  servers: Map<number, FleetServer>,
  limit: number,
  work: (item: I, server: FleetServer) => Promise<O>,
  skipped: (item: I, server: FleetServer) => O,
  onSettled?: (result: Settled<O>, item: I, index: number) => void,
): Promise<Settled<O>[]> {
  const results = new Array<Settled<O>>(items.length);
  const groups = new Map<number, number[]>();
  items.forEach((item, index) => {
    groups.set(item.serverId, [...(groups.get(item.serverId) ?? []), index]);
  });
  await Promise.all(
    [...groups].map(async ([serverId, indexes]) => {
      const server = servers.get(serverId);
      if (!server) throw new Error(`server ${serverId} of the fleet is not registered`);
      if (server.down) {
        for (const index of indexes) {
          const item = items[index] as I;
          results[index] = { ok: true, value: skipped(item, server) };
          onSettled?.(results[index] as Settled<O>, item, index);
        }
        return;
      }
      const recheck = downAfterFailure(server);
      await mapBounded(
        indexes,
        limit,
        async (index) => {
          const item = items[index] as I;
          // It went down mid-run: what has not started is skipped, not failed one by one.
          if (server.down) return skipped(item, server);
          try {
            return await work(item, server);
          } catch (error) {
            if (await recheck()) return skipped(item, server);
            throw error;
          }
        },
        (result, index) => {
          results[index] = result;
          onSettled?.(result, items[index] as I, index);
        },
      );
    }),
  );
  return results;
}

/**
 * For commands that read every tenant over one connection per server: `work`
 * gets a server's connection and its tenants (in input order), servers in
 * parallel; the tenants of a server that is down, or stops answering before
 * its work is done, are settled by `skipped` (and the server marked down, so
 * the report names it once). Results come back in input order.
 */
export async function overEachServer<I extends { serverId: number }, O>(
  items: readonly I[],
  servers: Map<number, FleetServer>,
  work: (conn: import("mariadb").Connection, items: I[], server: FleetServer) => Promise<O[]>,
  skipped: (item: I, server: FleetServer) => O,
): Promise<O[]> {
  const results = new Array<O>(items.length);
  const groups = new Map<number, number[]>();
  items.forEach((item, index) => {
    groups.set(item.serverId, [...(groups.get(item.serverId) ?? []), index]);
  });
  await Promise.all(
    [...groups].map(async ([serverId, indexes]) => {
      const server = servers.get(serverId);
      if (!server) throw new Error(`server ${serverId} of the fleet is not registered`);
      const mine = indexes.map((i) => items[i] as I);
      const skipAll = () => mine.map((item) => skipped(item, server));
      let out: O[];
      if (server.down) out = skipAll();
      else {
        const conn = await connect(server.config).catch((error: unknown) => {
          server.down = `went away during the run: ${describeError(error)}`;
          return null;
        });
        if (!conn) out = skipAll();
        else {
          try {
            out = await work(conn, mine, server);
          } catch (error) {
            if (!(await downAfterFailure(server)())) throw error;
            out = skipAll();
          } finally {
            await conn.end().catch(() => undefined);
          }
        }
      }
      indexes.forEach((index, k) => {
        results[index] = out[k] as O;
      });
    }),
  );
  return results;
}
