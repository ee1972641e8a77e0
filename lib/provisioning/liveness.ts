// Is this run being worked on right now? One rule, used by the run claim, the
// sweeper that resumes abandoned runs, and the fleet operations that must leave
// a tenant alone while its run is live.
//   - inline runs beat every PROVISIONING_HEARTBEAT_SECONDS while a process holds
//     them (queued in its memory or running); silent for three beats = abandoned.
//   - Inngest runs: Inngest holds their retries, with backoff of minutes, so once
//     Inngest has accepted one it counts as live for an hour after its last beat.
//     One whose hand-off never happened (dispatched_at empty) is abandoned as
//     soon as an inline run would be.
import "server-only";
import { env } from "../env";
import type { Prisma } from "../generated/landlord/client";

export type Driver = "inline" | "inngest";

export const INNGEST_STALE_MS = 3_600_000;

export function heartbeatMs(): number {
  return env().PROVISIONING_HEARTBEAT_SECONDS * 1000;
}

/** How long an inline run (or an Inngest run never handed over) may stay silent. */
export function staleAfterMs(): number {
  return heartbeatMs() * 3;
}

const ACTIVE: Prisma.ProvisioningRunWhereInput = { status: { in: ["queued", "running"] } };

// The run's last sign of life: its heartbeat, or its creation before the first beat.
const beatSince = (cutoff: Date): Prisma.ProvisioningRunWhereInput => ({
  OR: [{ heartbeatAt: { gte: cutoff } }, { heartbeatAt: null, createdAt: { gte: cutoff } }],
});
const silentSince = (cutoff: Date): Prisma.ProvisioningRunWhereInput => ({
  OR: [{ heartbeatAt: { lt: cutoff } }, { heartbeatAt: null, createdAt: { lt: cutoff } }],
});

function cutoffs(now: Date) {
  return { short: new Date(now.getTime() - staleAfterMs()), long: new Date(now.getTime() - INNGEST_STALE_MS) };
}

/** Runs that some driver is working on at `now`. */
export function liveRunWhere(now = new Date()): Prisma.ProvisioningRunWhereInput {
  const { short, long } = cutoffs(now);
  return {
    ...ACTIVE,
    OR: [
      { driver: "inline", ...beatSince(short) },
      { driver: "inngest", dispatchedAt: null, createdAt: { gte: short } },
      { driver: "inngest", dispatchedAt: { not: null }, ...beatSince(long) },
    ],
  };
}

/** Unfinished runs of `driver` that nobody is working on at `now`: the sweeper resumes these. */
export function staleRunWhere(driver: Driver, now = new Date()): Prisma.ProvisioningRunWhereInput {
  const { short, long } = cutoffs(now);
  if (driver === "inline") return { ...ACTIVE, driver, ...silentSince(short) };
  return {
    ...ACTIVE,
    driver,
    OR: [
      { dispatchedAt: null, createdAt: { lt: short } },
      { dispatchedAt: { not: null }, ...silentSince(long) },
    ],
  };
}
