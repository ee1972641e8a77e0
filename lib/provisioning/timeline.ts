// What the application page shows of provisioning: every run, newest first,
// with its steps in order (status, attempts, duration, errors).
import "server-only";
import { landlord } from "../db/landlord";
import { STEP_RETRIES } from "./policy";
import { PROVISIONING_STEPS } from "./steps";

export interface TimelineStep {
  name: string;
  label: string;
  status: "pending" | "running" | "succeeded" | "failed";
  attempts: number;
  maxAttempts: number;
  durationMs: number | null;
  startedAt: Date | null;
  lastError: string | null;
  errors: { attempt: number; error: string; at: string }[];
}

export interface TimelineRun {
  id: string;
  attempt: number;
  driver: string;
  status: "queued" | "running" | "succeeded" | "failed";
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  error: string | null;
  steps: TimelineStep[];
}

export async function provisioningTimeline(applicationId: string): Promise<TimelineRun[]> {
  const runs = await landlord().provisioningRun.findMany({
    where: { applicationId },
    orderBy: { attempt: "desc" },
    include: { steps: { orderBy: { position: "asc" } } },
  });
  return runs.map((run) => {
    // Steps are written when an attempt ends; the one under way is the first
    // unfinished step of a run that is still going.
    const current = run.status === "running" ? run.steps.find((s) => s.status !== "succeeded") : undefined;
    return {
      id: run.id,
      attempt: run.attempt,
      driver: run.driver,
      status: run.status,
      createdAt: run.createdAt,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      durationMs: run.durationMs,
      error: run.error,
      steps: run.steps.map((step) => ({
        name: step.name,
        label: PROVISIONING_STEPS.find((s) => s.name === step.name)?.label ?? step.name,
        status: step === current && step.status === "pending" ? ("running" as const) : step.status,
        attempts: step.attempts,
        maxAttempts: STEP_RETRIES + 1,
        durationMs: step.durationMs,
        startedAt: step.startedAt,
        lastError: step.lastError,
        errors: Array.isArray(step.errors) ? (step.errors as TimelineStep["errors"]) : [],
      })),
    };
  });
}

export interface ProvisioningPanelData {
  runs: TimelineRun[];
  /** A run is going (or about to): the page refreshes itself. */
  going: boolean;
  /** What the admin can do: retry after a failure, or start a run for an approval that has none. */
  offer: "retry" | "start" | null;
}

/** Everything the application page's provisioning panel shows. */
export async function provisioningPanel(applicationId: string): Promise<ProvisioningPanelData | null> {
  const [application, runs] = await Promise.all([
    landlord().tenantApplication.findUnique({ where: { id: applicationId }, select: { status: true } }),
    provisioningTimeline(applicationId),
  ]);
  if (!application) return null;
  const latest = runs[0];
  const going =
    application.status === "provisioning_started" || latest?.status === "queued" || latest?.status === "running";
  // Approved with no run: left by an approval made before approval and the
  // start of its run became one transaction.
  const offer =
    application.status === "provisioning_failed"
      ? "retry"
      : application.status === "approved" && runs.length === 0
        ? "start"
        : null;
  if (runs.length === 0 && offer === null) return null;
  return { runs, going, offer };
}
