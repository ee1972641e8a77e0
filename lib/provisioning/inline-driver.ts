// The inline driver: runs provisioning in this process, for machines with no
// Inngest server (like a queue's sync driver, but off the request: the admin
// gets an answer at once). Same steps, same retry policy as the Inngest
// function; at most PROVISIONING_CONCURRENCY runs at a time. While this
// process holds runs (waiting for a slot or running) it beats for all of them
// in one statement, so another process's sweeper leaves them alone; if it
// dies, they fall silent and are resumed elsewhere (every step is safe to repeat).
// On shutdown (drainInline) running steps finish, and every held run is given
// back as queued for the next process.
import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { env } from "../env";
import { errorMessage } from "../errors";
import type { ProvisioningDriver } from "./driver";
import { forgetInitialPassword, prepareInitialPassword } from "./initial-password";
import { heartbeatMs } from "./liveness";
import { isPermanent, retryDelayMs, STEP_RETRIES } from "./policy";
import { rollbackProvisioning } from "./rollback";
import { beatRuns, claimRun, executeStep, finishRun, pendingRollback, releaseRun, remainingSteps } from "./runs";
import { PROVISIONING_STEPS, type StepContext } from "./steps";

export interface InlineOptions {
  retries?: number;
  backoffBaseMs?: number;
}

export type InlineOutcome = "succeeded" | "failed" | "released" | "skipped";

interface Scheduler {
  active: number;
  waiting: (() => void)[];
  running: Set<Promise<unknown>>;
  /** Runs this process holds: waiting for a slot or being driven. */
  held: Set<string>;
  beat?: NodeJS.Timeout;
  draining: boolean;
  options: InlineOptions;
}

// On globalThis: Next bundles instrumentation and routes separately, and both must see one scheduler.
const holder = globalThis as unknown as { inlineScheduler?: Scheduler };

function scheduler(): Scheduler {
  holder.inlineScheduler ??= {
    active: 0,
    waiting: [],
    running: new Set(),
    held: new Set(),
    draining: false,
    options: {},
  };
  return holder.inlineScheduler;
}

function hold(runId: string): void {
  const s = scheduler();
  s.held.add(runId);
  s.beat ??= setInterval(() => {
    beatRuns([...s.held]).catch((error) => console.error(`[provisioning] heartbeat failed: ${errorMessage(error)}`));
  }, heartbeatMs()).unref();
}

function letGo(runId: string): void {
  const s = scheduler();
  s.held.delete(runId);
  if (s.held.size === 0 && s.beat) {
    clearInterval(s.beat);
    s.beat = undefined;
  }
}

/** Drives one run to its end: every remaining step with retries, or rollback. */
export async function driveRun(
  runId: string,
  applicationId: string,
  options: InlineOptions = {},
): Promise<InlineOutcome> {
  const retries = options.retries ?? STEP_RETRIES;
  const began = new Date();
  const ctx: StepContext = { runId, applicationId, journal: Promise.resolve() };
  // The admin's bcrypt hash is CPU work: start it now so it overlaps the
  // database work of the first steps instead of following it.
  prepareInitialPassword(applicationId);
  hold(runId);
  try {
    const rollback = await pendingRollback(runId);
    if (rollback !== null) {
      // Its rollback began elsewhere and was cut off: what it undid is gone, so only finishing it is safe.
      await rollbackProvisioning(applicationId, rollback, runId);
      return "failed";
    }
    for (const name of await remainingSteps(runId)) {
      if (scheduler().draining) {
        await ctx.journal;
        await releaseRun(runId);
        return "released";
      }
      for (let attempt = 0; ; attempt++) {
        try {
          await executeStep(ctx, name);
          break;
        } catch (error) {
          ctx.loaded = undefined; // whatever failed, the next attempt reads afresh
          if (isPermanent(error) || attempt >= retries) {
            const label = PROVISIONING_STEPS.find((s) => s.name === name)?.label ?? name;
            await ctx.journal;
            await rollbackProvisioning(applicationId, `${label} failed: ${errorMessage(error)}`, runId);
            return "failed";
          }
          await sleep(retryDelayMs(attempt + 1, error, options.backoffBaseMs));
        }
      }
    }
    await ctx.journal;
    await finishRun(runId, "succeeded", undefined, began);
    return "succeeded";
  } finally {
    letGo(runId);
    forgetInitialPassword(applicationId);
  }
}

/** Test hook: the retry timing of runs dispatched from now on. */
export function configureInlineDriver(options: InlineOptions): void {
  scheduler().options = options;
}

async function slot<T>(work: () => Promise<T>): Promise<T> {
  const s = scheduler();
  if (s.active >= env().PROVISIONING_CONCURRENCY) await new Promise<void>((resolve) => s.waiting.push(resolve));
  s.active++;
  try {
    return await work();
  } finally {
    s.active--;
    s.waiting.shift()?.();
  }
}

/** Starts a run in the background and returns at once; the promise settles when the run ends here. */
export function dispatchInline(runId: string, applicationId: string): Promise<InlineOutcome> {
  const s = scheduler();
  if (s.held.has(runId)) return Promise.resolve("skipped");
  hold(runId);
  const work = slot(async (): Promise<InlineOutcome> => {
    if (s.draining) {
      await releaseRun(runId);
      return "released";
    }
    if (!(await claimRun(runId, "inline"))) return "skipped";
    return driveRun(runId, applicationId, s.options);
  })
    .catch((error) => {
      console.error(`[provisioning] run ${runId} stopped: ${errorMessage(error)}`);
      return "failed" as const;
    })
    .finally(() => {
      letGo(runId);
      // Skipped or given back before it ran: the password prepared at approval is not needed here.
      forgetInitialPassword(applicationId);
    });
  s.running.add(work);
  void work.finally(() => s.running.delete(work));
  return work;
}

export const inlineDriver: ProvisioningDriver = {
  name: "inline",
  async dispatch(run) {
    void dispatchInline(run.runId, run.applicationId);
  },
  prepare(applicationId) {
    prepareInitialPassword(applicationId);
    return () => forgetInitialPassword(applicationId);
  },
  holds: (runId) => scheduler().held.has(runId),
};

/** Resolves when every dispatched run has ended (tests, shutdown). */
export async function inlineIdle(): Promise<void> {
  const s = scheduler();
  while (s.running.size > 0) await Promise.allSettled([...s.running]);
}

/**
 * Shutdown: runs waiting for a slot are given back at once, running ones after
 * their current step. Resolves when all have stopped or `timeoutMs` passed.
 */
export async function drainInline(timeoutMs: number): Promise<boolean> {
  const s = scheduler();
  s.draining = true;
  for (const wake of s.waiting.splice(0)) wake();
  const idle = inlineIdle().then(() => true);
  return Promise.race([idle, sleep(timeoutMs).then(() => false)]);
}

/** Tests: accept work again after drainInline. */
export function resumeInline(): void {
  scheduler().draining = false;
}
