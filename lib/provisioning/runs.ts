// Provisioning runs and their steps as recorded in the landlord database:
// what the dashboard's timeline shows, and what lets a stopped run resume.
import { randomUUID } from "node:crypto";
import { landlord } from "../db/landlord";
import { errorMessage } from "../errors";
import type { Prisma } from "../generated/landlord/client";
import { transitionApplication } from "../platform/applications/status";
import { type Actor, audit } from "../platform/audit";
import { PROVISIONING_STEPS, type StepContext, type StepName } from "./steps";

export type Driver = "inline" | "inngest";

export interface RunRef {
  runId: string;
  applicationId: string;
  attempt: number;
  slug: string;
}

/**
 * Moves the application to provisioning_started (from approved, or from
 * provisioning_failed for a retry) and records a new run with its steps, all
 * in one transaction: of two concurrent starts exactly one gets a run.
 */
export async function beginRun(applicationId: string, actor: Actor, driver: Driver): Promise<RunRef> {
  return landlord().$transaction(async (tx) => {
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
  });
}

/**
 * Takes a queued run, or one whose driver stopped sending heartbeats, for
 * this process. False when another process holds it or it has finished.
 */
export async function claimRun(runId: string, staleMs: number): Promise<boolean> {
  const now = new Date();
  const result = await landlord().provisioningRun.updateMany({
    where: {
      id: runId,
      OR: [
        { status: "queued" },
        { status: "running", OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: new Date(now.getTime() - staleMs) } }] },
      ],
    },
    data: { status: "running", heartbeatAt: now, startedAt: now },
  });
  return result.count === 1;
}

export async function markRunRunning(runId: string): Promise<void> {
  await landlord().provisioningRun.updateMany({
    where: { id: runId, status: { in: ["queued", "running"] } },
    data: { status: "running", heartbeatAt: new Date() },
  });
  await landlord().provisioningRun.updateMany({
    where: { id: runId, startedAt: null },
    data: { startedAt: new Date() },
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
