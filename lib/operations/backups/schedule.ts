// The scheduled backups, run by the portal's background job (one process at a
// time, lib/jobs/runner.ts) under either workflow driver: every
// BACKUP_EVERY_HOURS each tenant (and, with BACKUP_LANDLORD, the landlord
// database) gets a backup, then retention prunes. "Due" is read from the
// backups themselves (no good backup younger than the interval), so a restart
// or a change of leader neither skips a day nor doubles it. A pass can take
// long: it runs beside the job's tick (never blocking the sweeper), one pass at
// a time. Shutdown does not wait for it: a backup cut off by the exit is
// settled failed by the next operation on its tenant, and taken again.
import "server-only";
import { landlord } from "../../db/landlord";
import { env } from "../../env";
import { describeError, isAppError } from "../../errors";
import { type Actor, SYSTEM } from "../../platform/audit";
import { loadFleet } from "../fleet";
import { backupFleet, backupLandlord } from "./backup-tenant";
import { pruneBackups } from "./prune";
import { GOOD } from "./records";

const HOUR_MS = 60 * 60 * 1000;

export interface SchedulePass {
  tenants: number;
  failed: number;
  landlord: "backed-up" | "not-due" | "failed" | "off";
  pruned: number;
}

/** Slugs of the tenants with no good backup younger than the interval. */
export async function dueTenants(now = new Date()): Promise<string[]> {
  const since = new Date(now.getTime() - env().BACKUP_EVERY_HOURS * HOUR_MS);
  const fleet = await loadFleet();
  const recent = await landlord().tenantBackup.findMany({
    where: { kind: "tenant", tenantId: { in: fleet.map((t) => t.id) }, startedAt: { gt: since }, ...GOOD },
    select: { tenantId: true },
    distinct: ["tenantId"],
  });
  const fresh = new Set(recent.map((r) => r.tenantId));
  return fleet.filter((t) => !fresh.has(t.id)).map((t) => t.slug);
}

async function landlordDue(now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - env().BACKUP_EVERY_HOURS * HOUR_MS);
  return (
    (await landlord().tenantBackup.count({ where: { kind: "landlord", startedAt: { gt: since }, ...GOOD } })) === 0
  );
}

/** One pass: what is due, backed up; then prune. */
export async function runSchedulePass(
  actor: Actor = SYSTEM,
  log: (line: string) => void = console.log,
): Promise<SchedulePass> {
  const now = new Date();
  const slugs = await dueTenants(now);
  const pass: SchedulePass = { tenants: 0, failed: 0, landlord: "off", pruned: 0 };
  if (slugs.length > 0) {
    const { counts } = await backupFleet({ actor, reason: "scheduled", slugs });
    pass.tenants = counts["backed-up"];
    pass.failed = counts.failed;
  }
  if (env().BACKUP_LANDLORD) {
    pass.landlord = "not-due";
    if (await landlordDue(now)) {
      try {
        await backupLandlord({ actor, reason: "scheduled" });
        pass.landlord = "backed-up";
      } catch (error) {
        // Another process backing it up right now is no failure.
        pass.landlord = isAppError(error, "CONFLICT") ? "not-due" : "failed";
        if (pass.landlord === "failed") log(`[backups] landlord backup failed: ${describeError(error)}`);
      }
    }
  }
  pass.pruned = (await pruneBackups({ actor })).pruned.length;
  if (pass.tenants + pass.failed > 0 || pass.landlord === "backed-up") {
    log(
      `[backups] ${pass.tenants} tenant(s) backed up, ${pass.failed} failed, landlord ${pass.landlord}, ${pass.pruned} pruned`,
    );
  }
  return pass;
}

export interface BackupSchedule {
  /** Starts a pass unless one is running; returns at once. */
  kick(): void;
  /** The pass in flight, if any (tests wait for it). */
  current(): Promise<void>;
  /** No new passes. */
  stop(): void;
}

/**
 * `firstPassAfterMs`: a portal that has just started (a deploy, a test or
 * development server started and stopped again) waits this long before its
 * first pass, so short-lived processes do not each take a backup on start.
 */
export function backupSchedule(
  log: (line: string) => void = console.log,
  firstPassAfterMs = 10 * 60_000,
): BackupSchedule {
  let inFlight: Promise<void> | undefined;
  let stopped = false;
  const notBefore = Date.now() + firstPassAfterMs;
  return {
    kick() {
      if (stopped || inFlight !== undefined || Date.now() < notBefore) return;
      inFlight = runSchedulePass(SYSTEM, log)
        .then(() => undefined)
        .catch((error: unknown) => log(`[backups] scheduled pass failed: ${describeError(error)}`))
        .finally(() => {
          inFlight = undefined;
        });
    },
    current: () => inFlight ?? Promise.resolve(),
    stop() {
      stopped = true;
    },
  };
}
