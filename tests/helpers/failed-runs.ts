// A provisioning run that fails for good at one step, through the real inline
// driver and rollback: the application ends provisioning_failed.
import { vi } from "vitest";
import { driveRun } from "@/lib/provisioning/inline-driver";
import { beginRun } from "@/lib/provisioning/runs";
import { type StepName, stepNamed } from "@/lib/provisioning/steps";
import { createApprovedApplication, TEST_ADMIN, uniqueSlug } from "./applications";

export async function failedApplication(step: StepName, reason: string, overrides: { name?: string } = {}) {
  const application = await createApprovedApplication({ slug: uniqueSlug("fail"), ...overrides });
  const run = await beginRun(application.id, TEST_ADMIN, "inline");
  const spy = vi.spyOn(stepNamed(step), "run").mockRejectedValue(new Error(reason));
  try {
    const outcome = await driveRun(run.runId, application.id, { backoffBaseMs: 1 });
    if (outcome !== "failed") throw new Error(`expected the run to fail, it ${outcome}`);
  } finally {
    spy.mockRestore();
  }
  return { application, runId: run.runId };
}
