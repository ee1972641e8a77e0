// The composition root of the workflow: which driver runs provisioning, and
// which periodic jobs this portal process runs. lib/ defines both drivers'
// contract and the inline one; the Inngest driver lives in inngest/.
import "server-only";
import { env } from "@/lib/env";
import { type BackgroundJob, type BackgroundRunner, startBackgroundJobs } from "@/lib/jobs/runner";
import { onShutdown } from "@/lib/lifecycle";
import { expireApplications } from "@/lib/platform/applications/expire";
import { sweepStaleRuns } from "@/lib/provisioning/dispatch";
import type { ProvisioningDriver } from "@/lib/provisioning/driver";
import { drainInline, inlineDriver } from "@/lib/provisioning/inline-driver";

// Loaded only when used, so a portal on the inline driver never loads the Inngest SDK.
const inngestDriver: ProvisioningDriver = {
  name: "inngest",
  async dispatch(run) {
    const { inngestDriver: driver } = await import("@/inngest/driver");
    await driver.dispatch(run);
  },
};

/** The driver every approval and retry hands its run to. */
export function workflowDriver(): ProvisioningDriver {
  return env().WORKFLOW_DRIVER === "inngest" ? inngestDriver : inlineDriver;
}

// Expiry is measured in hours and days: a minute late is nothing, and an idle
// run is two indexed queries.
const EXPIRY_INTERVAL_MS = 60_000;

/**
 * The periodic jobs of this portal. The sweeper is the inline driver's only:
 * under the Inngest driver it runs as an Inngest cron function
 * (inngest/functions/sweep-provisioning.ts). Expiring stale applications runs
 * here under either driver: it is plain landlord work with no steps to retry,
 * and the background job already runs it in one process at a time, so one
 * schedule serves both drivers.
 */
export function backgroundJobs(): BackgroundJob[] {
  const config = env();
  const expiry: BackgroundJob = {
    name: "expire-applications",
    everyMs: EXPIRY_INTERVAL_MS,
    run: async () => {
      const { unconfirmed, pending } = await expireApplications();
      if (unconfirmed + pending > 0)
        console.log(`[applications] expired ${unconfirmed} unconfirmed, ${pending} unreviewed`);
    },
  };
  if (config.WORKFLOW_DRIVER !== "inline") return [expiry];
  const sweep: BackgroundJob = {
    name: "sweep-provisioning",
    everyMs: config.SWEEP_INTERVAL_SECONDS * 1000,
    run: async () => {
      const resumed = await sweepStaleRuns(inlineDriver);
      if (resumed.length > 0) console.log(`[provisioning] resumed ${resumed.length} abandoned run(s)`);
    },
  };
  return [sweep, expiry];
}

const SHUTDOWN_GRACE_MS = 25_000;

/** Starts this process's background work and registers what SIGTERM must wait for. */
export function startPortalBackground(): BackgroundRunner | undefined {
  const config = env();
  const jobs = backgroundJobs();
  const runner = config.BACKGROUND_JOBS && jobs.length > 0 ? startBackgroundJobs(jobs) : undefined;
  onShutdown("background jobs", async () => runner?.stop());
  onShutdown("provisioning runs", async () => {
    if (!(await drainInline(SHUTDOWN_GRACE_MS))) throw new Error("runs still going after the grace period");
  });
  return runner;
}
