// The Inngest driver: hands a committed run to Inngest by sending its event.
// Each hand-off gets an idempotency key of its own (the run and the hand-off
// count), so a hand-off the sweeper repeats after a lost one is not dropped as
// a duplicate, while Inngest still drops a duplicate of any one hand-off.
import "server-only";
import type { ProvisioningDriver } from "@/lib/provisioning/driver";
import { countDispatch, recordDispatch } from "@/lib/provisioning/runs";
import { inngest } from "./client";
import { provisioningRequested } from "./events";

export const inngestDriver: ProvisioningDriver = {
  name: "inngest",
  async dispatch(run) {
    const handOff = await countDispatch(run.runId);
    await inngest.send(
      provisioningRequested.create({
        applicationId: run.applicationId,
        runId: run.runId,
        attempt: run.attempt,
        slug: run.slug,
        key: `${run.runId}:${handOff}`,
      }),
    );
    await recordDispatch(run.runId);
  },
};
