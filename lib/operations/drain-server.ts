// `tenants drain <server>` (and `servers:drain`): marks the server draining
// (no new tenants) and moves every tenant off it, a few at a time, each to
// the active server with the most headroom at that moment. A tenant that fails
// to move is reported and stays where it was; the others go on.
import "server-only";
import { landlord } from "../db/landlord";
import { describeError } from "../errors";
import type { Actor } from "../platform/audit";
import { choosePlacement, unreachableServers } from "../provisioning/placement";
import { mapBounded } from "./concurrency";
import { type MoveResult, moveTenant } from "./move-tenant";
import { findServer, listServers, setServerState } from "./servers";

export interface DrainResult {
  slug: string;
  outcome: "moved" | "failed";
  to?: string;
  reason?: string;
  move?: MoveResult;
}

export async function drainServer(
  name: string,
  actor: Actor,
  options: {
    concurrency?: number;
    onStart?: (total: number) => void;
    onResult?: (r: DrainResult) => void;
    /** Aborted (the portal shutting down): no further move starts; those under way finish. */
    signal?: AbortSignal;
    /** Drop each tenant's source copy once its move is verified and switched (moveTenant's dropSource). */
    dropSource?: boolean;
  } = {},
): Promise<DrainResult[]> {
  const server = await findServer(name);
  if (server.state !== "draining") await setServerState(server.name, "draining", actor);
  const tenants = await landlord().tenant.findMany({
    where: { serverId: server.id },
    orderBy: { createdAt: "asc" },
    select: { slug: true },
  });
  options.onStart?.(tenants.length);
  // Choices are made one at a time against the counts so far, so a drain spreads its tenants.
  let choose = Promise.resolve();
  const results = await mapBounded(
    tenants,
    options.concurrency ?? 2,
    async ({ slug }): Promise<DrainResult> => {
      if (options.signal?.aborted) return { slug, outcome: "failed", reason: "the drain was stopped before its turn" };
      let target: string | undefined;
      choose = choose.then(async () => {
        const candidates = (await listServers()).filter((s) => s.state === "active" && s.id !== server.id);
        const unreachable = await unreachableServers();
        const chosen = choosePlacement(
          candidates.map((s) => ({
            id: s.id,
            capacity: s.capacity,
            weight: s.weight,
            dataBytes: s.dataBytes ?? 0,
            tenants: s.tenants,
            reachable: !unreachable.has(s.id),
          })),
        );
        target = candidates.find((s) => s.id === chosen?.id)?.name;
      });
      await choose;
      if (!target) return { slug, outcome: "failed", reason: "no active server has room" };
      try {
        const move = await moveTenant(slug, target, actor, {
          reason: `drain of ${server.name}`,
          dropSource: options.dropSource,
        });
        return { slug, outcome: "moved", to: target, move };
      } catch (error) {
        return { slug, outcome: "failed", to: target, reason: describeError(error) };
      }
    },
    (result) => {
      if (result.ok) options.onResult?.(result.value);
    },
  );
  return results.map((r, i) =>
    r.ok ? r.value : { slug: tenants[i]?.slug ?? "?", outcome: "failed", reason: describeError(r.error) },
  );
}
