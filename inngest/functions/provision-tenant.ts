// provision-tenant: the production engine of the provisioning workflow.
// Orchestrates the steps of lib/provisioning; holds no logic of its own.
//   claim-run → finish-pending-rollback → create-tenant-record → create-database → run-migrations →
//   seed-initial-admin → send-welcome-email → activate-tenant → finish-run
// Each step is retried on its own (STEP_RETRIES); after the last retry
// onFailure rolls the run back. One run per slug at a time, and at most
// PROVISIONING_CONCURRENCY runs at once, so a burst of approvals never floods
// the database server.
import "server-only";
import { NonRetriableError } from "inngest";
import { env } from "@/lib/env";
import { errorMessage } from "@/lib/errors";
import { isPermanent, STEP_RETRIES } from "@/lib/provisioning/policy";
import { rollbackProvisioning } from "@/lib/provisioning/rollback";
import { adoptRun, beatRuns, executeStep, finishRun, pendingRollback } from "@/lib/provisioning/runs";
import { PROVISIONING_STEPS } from "@/lib/provisioning/steps";
import { inngest } from "../client";
import { provisioningRequested } from "../events";

export async function rollbackFailedRun(data: { applicationId: string; runId: string }, error: unknown) {
  return rollbackProvisioning(data.applicationId, errorMessage(error), data.runId);
}

export const provisionTenant = inngest.createFunction(
  {
    id: "provision-tenant",
    name: "Provision tenant",
    retries: STEP_RETRIES,
    triggers: [provisioningRequested],
    concurrency: [{ key: "event.data.slug", limit: 1 }, { limit: env().PROVISIONING_CONCURRENCY }],
    idempotency: "event.data.key",
    onFailure: async ({ event, error }) => {
      await rollbackFailedRun(event.data.event.data, error);
    },
  },
  async ({ event, step }) => {
    const ctx = { applicationId: event.data.applicationId, runId: event.data.runId };
    const claimed = await step.run("claim-run", () => adoptRun(ctx.runId));
    if (!claimed) return { runId: ctx.runId, status: "already-finished" };
    // A rollback cut off half way (its database dropped, then the landlord lost) is finished, never provisioned on.
    const rolledBack = await step.run("finish-pending-rollback", async () => {
      const reason = await pendingRollback(ctx.runId);
      if (reason === null) return false;
      await rollbackProvisioning(ctx.applicationId, reason, ctx.runId);
      return true;
    });
    if (rolledBack) return { runId: ctx.runId, status: "rolled-back" };
    for (const s of PROVISIONING_STEPS) {
      await step.run(s.name, async () => {
        try {
          await beatRuns([ctx.runId]); // a sign of life for the sweeper between Inngest's retries
          await executeStep(ctx, s.name);
        } catch (error) {
          if (isPermanent(error)) throw new NonRetriableError(errorMessage(error), { cause: error });
          throw error;
        }
      });
    }
    await step.run("finish-run", () => finishRun(ctx.runId, "succeeded"));
    return { runId: ctx.runId, status: "provisioned" };
  },
);
