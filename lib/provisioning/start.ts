// Starting provisioning. Approval and the start of the run are one
// transaction (pending → approved → provisioning_started, the run, its steps,
// the audit entries); the run is handed to the driver only after it commits.
// If that hand-off fails the approval stands and the run waits, queued, for
// the sweeper (dispatch.ts): no application is ever left approved with no run.
import "server-only";
import pLimit, { type LimitFunction } from "p-limit";
import { landlord } from "../db/landlord";
import { env } from "../env";
import { approveApplication } from "../platform/applications/review";
import type { Actor } from "../platform/audit";
import { dispatchRun } from "./dispatch";
import type { ProvisioningDriver } from "./driver";
import { beginRun, type RunRef } from "./runs";

export interface StartedRun extends RunRef {
  /** False when the driver could not take it now: the sweeper will hand it over shortly. */
  dispatched: boolean;
}

async function begin(
  applicationId: string,
  driver: ProvisioningDriver,
  open: () => Promise<RunRef>,
): Promise<StartedRun> {
  // Work that can overlap the transaction (the inline driver's bcrypt) starts now.
  const cancel = driver.prepare?.(applicationId);
  let run: RunRef;
  try {
    run = await open();
  } catch (error) {
    cancel?.();
    throw error;
  }
  return { ...run, dispatched: await dispatchRun(driver, run) };
}

// Approval transactions take at most half of the landlord pool at a time, so a
// burst of approvals queues here (and all go through) instead of starving the
// runs it starts, or timing out waiting for a connection the runs hold.
let approvals: LimitFunction | undefined;
function approvalSlot<T>(work: () => Promise<T>): Promise<T> {
  approvals ??= pLimit(Math.max(1, Math.floor(env().LANDLORD_POOL_SIZE / 2)));
  return approvals(work);
}

/** Approves a pending application and starts its first run, in one transaction. */
export function approveAndStart(
  applicationId: string,
  actor: Actor,
  notes: string | undefined,
  driver: ProvisioningDriver,
): Promise<StartedRun> {
  return begin(applicationId, driver, () =>
    approvalSlot(() =>
      landlord().$transaction(
        async (tx) => {
          await approveApplication(applicationId, actor, notes, tx);
          return beginRun(applicationId, actor, driver.name, tx);
        },
        { maxWait: 10_000, timeout: 10_000 },
      ),
    ),
  );
}

/**
 * Starts a new run for an application whose last run failed (a retry), or one
 * that was approved before approval and start became one transaction.
 */
export function startProvisioning(
  applicationId: string,
  actor: Actor,
  driver: ProvisioningDriver,
): Promise<StartedRun> {
  return begin(applicationId, driver, () => beginRun(applicationId, actor, driver.name));
}
