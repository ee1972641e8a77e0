// The composition root of the workflow: which driver runs provisioning, and
// which periodic jobs this portal process runs. lib/ defines both drivers'
// contract and the inline one; the Inngest driver lives in inngest/.
import "server-only";
import { env } from "@/lib/env";
import { type BackgroundJob, type BackgroundRunner, startBackgroundJobs } from "@/lib/jobs/runner";
import { onShutdown } from "@/lib/lifecycle";
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

/**
 * The periodic jobs of this portal. Under the Inngest driver the same work
 * runs as Inngest cron functions (inngest/functions/), so the portal runs none.
 */
export function backgroundJobs(): BackgroundJob[] {
  const config = env();
  if (config.WORKFLOW_DRIVER !== "inline") return [];
  return [
    {
      name: "sweep-provisioning",
      everyMs: config.SWEEP_INTERVAL_SECONDS * 1000,
      run: async () => {
        const resumed = await sweepStaleRuns(inlineDriver);
        if (resumed.length > 0) console.log(`[provisioning] resumed ${resumed.length} abandoned run(s)`);
      },
    },
  ];
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
