// Provisioning runs and their steps as recorded in the landlord database:
// what the dashboard's timeline shows, and what lets a stopped run resume.
import "server-only";
import { randomUUID } from "node:crypto";
import { type LandlordTx, landlord } from "../db/landlord";
import { errorMessage } from "../errors";
import type { Prisma } from "../generated/landlord/client";
import { transitionApplication } from "../platform/applications/status";
import { type Actor, audit } from "../platform/audit";
import { type Driver, staleRunWhere } from "./liveness";
import { PROVISIONING_STEPS, type StepContext, type StepName } from "./steps";

export type { Driver };

export interface RunRef {
  runId: string;
  applicationId: string;
  attempt: number;
  slug: string;
}

/**
 * Moves the application to provisioning_started (from approved, or from
 * provisioning_failed for a retry) and records a new run with its steps, all
 * in one transaction (the caller's, when given): of two concurrent starts
 * exactly one gets a run.
 */
export async function beginRun(applicationId: string, actor: Actor, driver: Driver, tx?: LandlordTx): Promise<RunRef> {
  if (!tx) return landlord().$transaction((t) => beginRun(applicationId, actor, driver, t));
  const application = await transitionApplication(
    applicationId,
    "provisioning_started",
    { provisioningStartedAt: new Date(), provisioningCompletedAt: null, failureReason: null },
    tx,
  );
  const last = await tx.provisioningRun.aggregate({ where: { applicationId }, _max: { attempt: true } });
  const attempt = (last._max.attempt ?? 0) + 1;
  const runId = randomUUID();
  await tx.provisioningRun.create({
    data: {
      id: runId,
      applicationId,
      driver,
      attempt,
      steps: { createMany: { data: PROVISIONING_STEPS.map((step, position) => ({ name: step.name, position })) } },
    },
  });
  const retry = attempt > 1; // only a failed application can be started again
  await audit(
    {
      actor,
      action: retry ? "provisioning.retried" : "provisioning.started",
      applicationId,
      context: { runId, attempt, driver, slug: application.requestedSlug },
    },
    tx,
  );
  return { runId, applicationId, attempt, slug: application.requestedSlug };
}

/**
 * Takes a queued run, or one abandoned by its driver (liveness.ts), for the
 * caller. False when someone else is working on it or it has finished.
 */
export async function claimRun(runId: string, driver: Driver): Promise<boolean> {
  const now = new Date();
  const result = await landlord().provisioningRun.updateMany({
    where: { id: runId, OR: [{ status: "queued" }, staleRunWhere(driver, now)] },
    // A resumed run's duration counts from its resumption, as its steps' do.
    data: { status: "running", heartbeatAt: now, startedAt: now },
  });
  return result.count === 1;
}

/**
 * The Inngest function's claim: Inngest itself keeps one execution per run
 * (a concurrency key per slug, an idempotency key per hand-off) and replays a
 * claim it already made, so this only refuses a run that has finished.
 */
export async function adoptRun(runId: string): Promise<boolean> {
  const now = new Date();
  const result = await landlord().provisioningRun.updateMany({
    where: { id: runId, status: { in: ["queued", "running"] } },
    data: { status: "running", heartbeatAt: now },
  });
  await landlord().provisioningRun.updateMany({ where: { id: runId, startedAt: null }, data: { startedAt: now } });
  return result.count === 1;
}

/** Refreshes the heartbeat of runs this process holds (one statement for all of them). */
export async function beatRuns(runIds: string[]): Promise<void> {
  if (runIds.length === 0) return;
  await landlord().provisioningRun.updateMany({
    where: { id: { in: runIds }, status: { in: ["queued", "running"] } },
    data: { heartbeatAt: new Date() },
  });
}

/**
 * Records that the run is being rolled back (its reason in `error`), before
 * anything is undone. A rollback cut off half way (the database dropped, then
 * the landlord unreachable) leaves the run active; whoever resumes it must
 * finish the rollback, not go on with steps whose work is gone.
 */
export async function markRollingBack(runId: string, reason: string): Promise<void> {
  await landlord().provisioningRun.updateMany({
    where: { id: runId, status: { in: ["queued", "running"] }, error: null },
    data: { error: reason.slice(0, 5000) },
  });
}

/** The reason of a rollback this run began and has not finished; null when there is none. */
export async function pendingRollback(runId: string): Promise<string | null> {
  const run = await landlord().provisioningRun.findUnique({
    where: { id: runId },
    select: { status: true, error: true },
  });
  return run && (run.status === "queued" || run.status === "running") ? run.error : null;
}

/** Gives a run back (a process shutting down): queued and silent, so the sweeper resumes it at once. */
export async function releaseRun(runId: string): Promise<void> {
  await landlord().provisioningRun.updateMany({
    where: { id: runId, status: { in: ["queued", "running"] } },
    data: { status: "queued", heartbeatAt: new Date(0) },
  });
}

/** Counts a hand-off to the driver; the count makes each hand-off's idempotency key new. */
export async function countDispatch(runId: string): Promise<number> {
  const run = await landlord().provisioningRun.update({
    where: { id: runId },
    data: { dispatches: { increment: 1 } },
    select: { dispatches: true },
  });
  return run.dispatches;
}

/** The driver accepted the run: it is live from now (liveness.ts). */
export async function recordDispatch(runId: string): Promise<void> {
  const now = new Date();
  await landlord().provisioningRun.updateMany({
    where: { id: runId, status: { in: ["queued", "running"] } },
    data: { dispatchedAt: now, heartbeatAt: now },
  });
}

/** Runs one step and records the attempt: start, duration, outcome, error. */
export async function executeStep(ctx: StepContext, name: StepName): Promise<unknown> {
  const step = PROVISIONING_STEPS.find((s) => s.name === name);
  if (!step) throw new Error(`Unknown step ${name}`);
  const db = landlord();
  // One write per attempt, when it ends: that a step is running is derivable
  // (the first unfinished step of a running run), and a write before every
  // step would cost each run six round trips for nothing it needs.
  const startedAt = new Date();
  try {
    const output = await step.run(ctx);
    const finishedAt = new Date();
    const record = () =>
      db.provisioningStep.update({
        where: { runId_name: { runId: ctx.runId, name } },
        data: {
          status: "succeeded",
          attempts: { increment: 1 },
          startedAt,
          finishedAt,
          durationMs: finishedAt.getTime() - startedAt.getTime(),
        },
      });
    if (ctx.journal !== undefined) {
      // Written behind the next step (in order); losing it to a crash only
      // means this idempotent step runs again on resume.
      ctx.journal = ctx.journal.then(record).then(
        () => undefined,
        (error) => console.error(`[provisioning] could not record ${name}: ${errorMessage(error)}`),
      );
    } else {
      await record();
    }
    return output;
  } catch (error) {
    await ctx.journal;
    await recordStepFailure(ctx, name, error, startedAt);
    throw error;
  }
}

async function recordStepFailure(ctx: StepContext, name: StepName, error: unknown, startedAt: Date) {
  const db = landlord();
  const message = errorMessage(error).slice(0, 2000);
  const current = await db.provisioningStep.findUniqueOrThrow({ where: { runId_name: { runId: ctx.runId, name } } });
  const errors = Array.isArray(current.errors) ? (current.errors as Prisma.JsonArray) : [];
  const attempt = current.attempts + 1;
  await db.provisioningStep.update({
    where: { runId_name: { runId: ctx.runId, name } },
    data: {
      status: "failed",
      attempts: attempt,
      startedAt,
      lastError: message,
      errors: [...errors, { attempt, error: message, at: new Date().toISOString() }],
      finishedAt: new Date(),
      durationMs: Date.now() - startedAt.getTime(),
    },
  });
  await audit({
    actor: { type: "system", label: "provisioning" },
    action: "provisioning.step_failed",
    applicationId: ctx.applicationId,
    context: { runId: ctx.runId, step: name, attempt, error: message },
  });
}

/** Closes a run. `startedAt` saves a read when the driver knows it. */
export async function finishRun(
  runId: string,
  outcome: "succeeded" | "failed",
  error?: string,
  startedAt?: Date,
): Promise<void> {
  const db = landlord();
  const run = startedAt
    ? { startedAt, createdAt: startedAt }
    : await db.provisioningRun.findUniqueOrThrow({
        where: { id: runId },
        select: { startedAt: true, createdAt: true },
      });
  const finishedAt = new Date();
  await db.provisioningRun.update({
    where: { id: runId },
    data: {
      status: outcome,
      error: error?.slice(0, 5000) ?? null,
      finishedAt,
      durationMs: finishedAt.getTime() - (run.startedAt ?? run.createdAt).getTime(),
    },
  });
}

/** The steps of a run that have not yet succeeded, in order. */
export async function remainingSteps(runId: string): Promise<StepName[]> {
  const done = await landlord().provisioningStep.findMany({
    where: { runId, status: "succeeded" },
    select: { name: true },
  });
  const finished = new Set(done.map((s) => s.name));
  return PROVISIONING_STEPS.map((s) => s.name).filter((name) => !finished.has(name));
}
