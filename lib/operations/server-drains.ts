// Draining a server from the console. A drain moves every tenant off the
// server (./drain-server.ts), which takes minutes to hours: longer than a
// request should stay open. So the console starts it here, in this process,
// awaited only for a moment, and the Servers page shows its progress from the
// landlord database, whichever process serves the page: the drain holds a
// named lock while it runs (a killed process frees it at once), its start and
// end are audited, every move audits itself, and a tenant being moved has a
// move hold. A drain stopped half way (the process killed or shut down)
// leaves the server draining with the tenants not yet moved; draining it
// again goes on with those.
import "server-only";
import { createHash } from "node:crypto";
import { landlord } from "../db/landlord";
import { landlordDatabase } from "../db/server";
import { AppError, describeError } from "../errors";
import { onShutdown } from "../lifecycle";
import { type Actor, audit } from "../platform/audit";
import { lockHeld, withOperationLock } from "./backups/locks";
import { drainServer } from "./drain-server";
import { findServer, setServerState } from "./servers";

/** How long the console waits before it lets a drain go on by itself. */
export const DRAIN_WAIT_MS = 1500;
/** Failures kept in the audit entry of a drain's end. */
const FAILURES_KEPT = 20;

export interface DrainSummary {
  moved: number;
  failed: number;
  failures: { slug: string; reason: string }[];
  /** Stopped before every tenant had its turn (the portal shut down). */
  stopped: boolean;
}

export type DrainStart = { finished: true; summary: DrainSummary } | { finished: false };

/** The named lock a drain of this server holds (GET_LOCK names are global to the MariaDB server, so the landlord's is in it). */
export function drainLock(serverId: number): string {
  const key = `${landlordDatabase().database}:${serverId}`;
  return `server-drain:${createHash("sha1").update(key).digest("hex")}`;
}

const running = new Map<Promise<unknown>, AbortController>();
onShutdown("server drains", async () => {
  for (const controller of running.values()) controller.abort();
  await Promise.allSettled([...running.keys()]);
});

interface DrainOptions {
  reason: string;
  /** Drop each tenant's source copy once its move is verified, so the server can then be removed. */
  dropSource?: boolean;
}

async function drainHoldingLock(
  serverId: number,
  name: string,
  actor: Actor,
  options: DrainOptions,
  signal: AbortSignal,
) {
  const { reason, dropSource = false } = options;
  return withOperationLock(drainLock(serverId), `Draining ${name}`, async (): Promise<DrainSummary> => {
    const tenants = await landlord().tenant.count({ where: { serverId } });
    await audit({ actor, action: "server.drain_started", context: { name, tenants, reason, dropSource } });
    try {
      const results = await drainServer(name, actor, { signal, dropSource });
      const failures = results.filter((r) => r.outcome === "failed");
      const summary: DrainSummary = {
        moved: results.length - failures.length,
        failed: failures.length,
        failures: failures.slice(0, FAILURES_KEPT).map((f) => ({ slug: f.slug, reason: f.reason ?? "unknown" })),
        stopped: signal.aborted,
      };
      await audit({ actor, action: "server.drain_finished", context: { name, ...summary } });
      return summary;
    } catch (error) {
      await audit({
        actor,
        action: "server.drain_finished",
        context: { name, error: describeError(error).slice(0, 500) },
      });
      throw error;
    }
  });
}

/**
 * Marks the server draining (refused, as a cordon is, when no other server is
 * active) and starts moving its tenants off, each to the active server with
 * the most headroom. Comes back with the outcome when the drain ends within
 * `waitMs` (an empty server's does), or says it goes on.
 */
export async function startDrain(
  name: string,
  actor: Actor,
  options: DrainOptions & { waitMs?: number },
): Promise<DrainStart> {
  const server = await findServer(name);
  if (await lockHeld(drainLock(server.id))) {
    throw new AppError("CONFLICT", `${server.name} is being drained already; its progress is on the Servers page.`);
  }
  if (server.state !== "draining") await setServerState(server.name, "draining", actor, options.reason);
  const controller = new AbortController();
  const work = drainHoldingLock(server.id, server.name, actor, options, controller.signal);
  const tracked = work.finally(() => running.delete(tracked));
  running.set(tracked, controller);
  let gaveUp = false;
  tracked.catch((error: unknown) => {
    // Before the wait ended the caller gets the error; after it, only this line and the audit log tell.
    if (gaveUp) console.error(`[servers] the drain of ${server.name} failed: ${describeError(error)}`);
  });
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<{ finished: false }>((resolve) => {
    timer = setTimeout(() => {
      gaveUp = true;
      resolve({ finished: false });
    }, options.waitMs ?? DRAIN_WAIT_MS);
  });
  try {
    return await Promise.race([tracked.then((summary) => ({ finished: true as const, summary })), waited]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits for the drains this process runs (tests; the shutdown waits by itself). */
export async function settleDrains(): Promise<void> {
  await Promise.allSettled([...running.keys()]);
}
