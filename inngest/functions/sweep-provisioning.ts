// sweep-provisioning: under the Inngest driver, hands over again every run
// whose hand-off was lost (the event never sent after the approval committed)
// or that Inngest has been silent on for an hour (lib/provisioning/liveness.ts).
//   resend-stale-runs
// Runs on a schedule (Inngest's cron, at most once a minute) and one at a time.
import "server-only";
import { env } from "@/lib/env";
import { sweepStaleRuns } from "@/lib/provisioning/dispatch";
import { inngest } from "../client";
import { inngestDriver } from "../driver";

function everyMinutes(seconds: number): string {
  const minutes = Math.max(1, Math.round(seconds / 60));
  return minutes === 1 ? "* * * * *" : `*/${minutes} * * * *`;
}

export const sweepProvisioning = inngest.createFunction(
  {
    id: "sweep-provisioning",
    name: "Resume abandoned provisioning runs",
    retries: 1,
    triggers: [{ cron: everyMinutes(env().SWEEP_INTERVAL_SECONDS) }],
    concurrency: [{ limit: 1 }],
  },
  async ({ step }) => {
    const resumed = await step.run("resend-stale-runs", () => sweepStaleRuns(inngestDriver));
    return { resumed: resumed.length };
  },
);
