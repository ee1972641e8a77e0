// Placement: which database server a new tenant goes to. The active server
// with the most headroom (free places against its capacity, scaled by its
// weight), then the least data. Decided inside the run's first step, in the
// transaction that makes the tenant row, with the servers' rows locked, so two
// runs never both take the last place and a retry or resume never places a
// tenant twice (the row records the choice).
import "server-only";
import type { LandlordTx } from "../db/landlord";
import { listRegisteredServers } from "../db/servers";
import { AppError } from "../errors";

interface Candidate {
  id: number;
  capacity: number;
  weight: number;
  dataBytes: number;
  tenants: number;
}

/** The better server for a new tenant, or undefined when every one is full. */
export function choosePlacement(candidates: readonly Candidate[]): Candidate | undefined {
  const open = candidates.filter((c) => c.tenants < c.capacity && c.weight > 0);
  const headroom = (c: Candidate) => ((c.capacity - c.tenants) / c.capacity) * c.weight;
  return open.sort((a, b) => headroom(b) - headroom(a) || a.dataBytes - b.dataBytes || a.id - b.id)[0];
}

export async function placeTenant(tx: LandlordTx): Promise<number> {
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
    })),
  );
  if (!chosen) {
    throw new AppError("UNAVAILABLE", "Every active database server is at capacity: add a server or raise a capacity.");
  }
  return chosen.id;
}
