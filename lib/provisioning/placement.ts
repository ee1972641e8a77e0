// Placement: which database server a new tenant goes to. The active server
// with the most headroom (free places against its capacity, scaled by its
// weight), then the least data. Decided inside the run's first step, in the
// transaction that makes the tenant row, with the servers' rows locked, so two
// runs never both take the last place and a retry or resume never places a
// tenant twice (the row records the choice). A server that does not accept a
// connection just before is passed over while another has room, so an outage
// of one server does not fail the approvals that come in meanwhile.
import "server-only";
import type { LandlordTx } from "../db/landlord";
import { type DatabaseServer, listRegisteredServers, whyUnreachable } from "../db/servers";
import { AppError } from "../errors";

interface Candidate {
  id: number;
  capacity: number;
  weight: number;
  dataBytes: number;
  tenants: number;
  /** False when it did not answer a probe just now. */
  reachable?: boolean;
}

/**
 * The better server for a new tenant, or undefined when every one is full. One
 * that did not answer is chosen only when no server that answers has room (its
 * step then fails on the connection and is retried, as without the probe).
 */
export function choosePlacement(candidates: readonly Candidate[]): Candidate | undefined {
  const open = candidates.filter((c) => c.tenants < c.capacity && c.weight > 0);
  const answering = open.filter((c) => c.reachable !== false);
  const headroom = (c: Candidate) => ((c.capacity - c.tenants) / c.capacity) * c.weight;
  return (answering.length > 0 ? answering : open).sort(
    (a, b) => headroom(b) - headroom(a) || a.dataBytes - b.dataBytes || a.id - b.id,
  )[0];
}

/** How long a probe's answer stands: a burst of approvals probes each server once in that time. */
export const PROBE_TTL_MS = 5_000;
/** A server that takes longer to accept a connection is passed over. */
const PROBE_TIMEOUT_MS = 2_000;
const probes = new Map<number, { at: number; answered: Promise<boolean> }>();

function probe(server: DatabaseServer): Promise<boolean> {
  const last = probes.get(server.id);
  if (last && Date.now() - last.at < PROBE_TTL_MS) return last.answered;
  const answered = whyUnreachable(server, PROBE_TIMEOUT_MS).then((why) => {
    if (why) console.warn(`[placement] passing over server ${server.name} for new tenants: ${why}`);
    return why === undefined;
  });
  probes.set(server.id, { at: Date.now(), answered });
  return answered;
}

/** The active servers that do not accept a connection now, probed at once (each at most every PROBE_TTL_MS). */
export async function unreachableServers(): Promise<Set<number>> {
  const active = (await listRegisteredServers()).filter((s) => s.state === "active");
  const answers = await Promise.all(active.map(async (s) => [s.id, await probe(s)] as const));
  return new Set(answers.filter(([, answered]) => !answered).map(([id]) => id));
}

/** Chooses the server inside `tx` (servers locked); `unreachable` comes from unreachableServers(), read before it. */
export async function placeTenant(tx: LandlordTx, unreachable: ReadonlySet<number> = new Set()): Promise<number> {
  await listRegisteredServers(); // registers the configured server on a fresh install
  const servers = await tx.$queryRaw<
    { id: number; capacity: number; weight: number; data_bytes: bigint | number | null }[]
  >`SELECT id, capacity, weight, data_bytes FROM database_servers WHERE state = 'active' ORDER BY id FOR UPDATE`;
  if (servers.length === 0) {
    throw new AppError("UNAVAILABLE", "No database server takes new tenants: every one is cordoned or draining.");
  }
  const counts = await tx.$queryRaw<{ server_id: number; n: bigint | number }[]>`
    SELECT server_id, COUNT(*) AS n FROM tenants WHERE deleted_at IS NULL AND server_id IS NOT NULL GROUP BY server_id`;
  const tenants = new Map(counts.map((c) => [Number(c.server_id), Number(c.n)]));
  const chosen = choosePlacement(
    servers.map((s) => ({
      id: Number(s.id),
      capacity: Number(s.capacity),
      weight: Number(s.weight),
      dataBytes: Number(s.data_bytes ?? 0),
      tenants: tenants.get(Number(s.id)) ?? 0,
      reachable: !unreachable.has(Number(s.id)),
    })),
  );
  if (!chosen) {
    throw new AppError("UNAVAILABLE", "Every active database server is at capacity: add a server or raise a capacity.");
  }
  return chosen.id;
}
