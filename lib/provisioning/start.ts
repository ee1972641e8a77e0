// Hands an approved (or failed, for a retry) application to the provisioning
// workflow through the configured driver, and returns at once.
import { env } from "../env";
import { errorMessage } from "../errors";
import type { Actor } from "../platform/audit";
import { forgetInitialPasswordHash, prepareInitialPasswordHash } from "./initial-password";
import { dispatchInline } from "./inline-driver";
import { rollbackProvisioning } from "./rollback";
import { beginRun, type RunRef } from "./runs";

export async function startProvisioning(applicationId: string, actor: Actor): Promise<RunRef> {
  const driver = env().WORKFLOW_DRIVER;
  // The inline driver will seed the admin in this process: start its bcrypt now.
  if (driver === "inline") prepareInitialPasswordHash(applicationId);
  let run: RunRef;
  try {
    run = await beginRun(applicationId, actor, driver);
  } catch (error) {
    forgetInitialPasswordHash(applicationId);
    throw error;
  }
  if (driver === "inline") {
    void dispatchInline(run.runId, applicationId);
    return run;
  }
  try {
    // Imported here so the inline path never loads the Inngest SDK.
    const { inngest } = await import("@/inngest/client");
    const { provisioningRequested } = await import("@/inngest/events");
    await inngest.send(
      provisioningRequested.create({
        applicationId,
        runId: run.runId,
        attempt: run.attempt,
        slug: run.slug,
        key: `${applicationId}:${run.attempt}`,
      }),
    );
  } catch (error) {
    await rollbackProvisioning(applicationId, `Could not queue provisioning: ${errorMessage(error)}`, run.runId);
    throw error;
  }
  return run;
}
