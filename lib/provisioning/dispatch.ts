// Handing a committed run to its driver, and handing over again the runs whose
// driver went silent (liveness.ts). The sweeper runs every few seconds in one
// portal process (inline driver) or as an Inngest cron function (Inngest driver).
import "server-only";
import { landlord } from "../db/landlord";
import { describeError } from "../errors";
import { audit, SYSTEM } from "../platform/audit";
import type { ProvisioningDriver } from "./driver";
import { staleRunWhere } from "./liveness";
import type { RunRef } from "./runs";

const SWEEP_BATCH = 50;

/** True when the driver accepted the run; false (logged and audited) when the sweeper will have to. */
export async function dispatchRun(driver: ProvisioningDriver, run: RunRef): Promise<boolean> {
  try {
    await driver.dispatch(run);
    return true;
  } catch (error) {
    const reason = describeError(error);
    console.error(`[provisioning] could not hand run ${run.runId} to ${driver.name}; the sweeper will: ${reason}`);
    await audit({
      actor: SYSTEM,
      action: "provisioning.dispatch_failed",
      applicationId: run.applicationId,
      context: { runId: run.runId, driver: driver.name, error: reason.slice(0, 500) },
    }).catch(() => undefined);
    return false;
  }
}

/**
 * Hands over again every unfinished run of this driver that nobody works on:
 * one whose hand-off was lost, or whose process died. Returns their ids.
 */
export async function sweepStaleRuns(driver: ProvisioningDriver, now = new Date()): Promise<string[]> {
  const db = landlord();
  const stale = staleRunWhere(driver.name, now);
  // A run whose application is no longer provisioning (rolled back meanwhile) has nothing left to do.
  await db.provisioningRun.updateMany({
    where: { ...stale, application: { status: { not: "provisioning_started" } } },
    data: { status: "failed", error: "Abandoned: the application stopped provisioning.", finishedAt: now },
  });
  const runs = await db.provisioningRun.findMany({
    where: { ...stale, application: { status: "provisioning_started" } },
    select: { id: true, applicationId: true, attempt: true, application: { select: { requestedSlug: true } } },
    orderBy: { createdAt: "asc" },
    take: SWEEP_BATCH,
  });
  const resumed: string[] = [];
  for (const run of runs) {
    if (driver.holds?.(run.id)) continue;
    // Handed back as queued (if still nobody's): the process that takes it keeps
    // it fresh while it waits for a slot, and a queued run is its to claim then.
    const handed = await db.provisioningRun.updateMany({
      where: { id: run.id, ...staleRunWhere(driver.name, now) },
      data: { status: "queued", heartbeatAt: new Date() },
    });
    if (handed.count === 0) continue;
    await audit({
      actor: SYSTEM,
      action: "provisioning.resumed",
      applicationId: run.applicationId,
      context: { runId: run.id, driver: driver.name },
    });
    const ref = {
      runId: run.id,
      applicationId: run.applicationId,
      attempt: run.attempt,
      slug: run.application.requestedSlug,
    };
    if (await dispatchRun(driver, ref)) resumed.push(run.id);
  }
  return resumed;
}
