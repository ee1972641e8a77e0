"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/actions";
import { startProvisioning } from "@/lib/provisioning/start";

const retryInput = z.object({ applicationId: z.uuid() });

/** Starts a new provisioning run for an application whose last run failed. */
export const retryProvisioning = adminAction(retryInput, async ({ applicationId }, { actor }) => {
  const run = await startProvisioning(applicationId, actor);
  revalidatePath(`/admin/applications/${applicationId}`);
  return { runId: run.runId, attempt: run.attempt };
});
