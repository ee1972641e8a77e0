// The inline driver: runs provisioning in this process, for machines with no
// Inngest server (like a queue's sync driver, but off the request: the admin
// gets an answer at once). Same steps, same retry policy as the Inngest
// function; at most PROVISIONING_CONCURRENCY runs at a time. Runs that a stop
// or crash left unfinished are picked up again (every step is safe to repeat).
import { setTimeout as sleep } from "node:timers/promises";
import { landlord } from "../db/landlord";
import { env } from "../env";
import { errorMessage } from "../errors";
import { audit, SYSTEM } from "../platform/audit";
import { forgetInitialPasswordHash, prepareInitialPasswordHash } from "./initial-password";
import { backoffMs, isPermanent, STALE_RUN_MS, STEP_RETRIES } from "./policy";
import { rollbackProvisioning } from "./rollback";
import { claimRun, executeStep, finishRun, remainingSteps } from "./runs";
import { PROVISIONING_STEPS, type StepContext } from "./steps";

export interface InlineOptions {
  retries?: number;
  backoffBaseMs?: number;
}

/** Drives one run to its end: every remaining step with retries, or rollback. */
export async function driveRun(
  runId: string,
  applicationId: string,
  options: InlineOptions = {},
): Promise<"succeeded" | "failed"> {
  const retries = options.retries ?? STEP_RETRIES;
  const began = new Date();
  const ctx: StepContext = { runId, applicationId, journal: Promise.resolve() };
  // The admin's bcrypt hash is CPU work: start it now so it overlaps the
  // database work of the first steps instead of following it.
  prepareInitialPasswordHash(applicationId);
  const heartbeat = setInterval(() => {
    landlord()
      .provisioningRun.update({ where: { id: runId }, data: { heartbeatAt: new Date() } })
      .catch(() => undefined);
  }, STALE_RUN_MS / 3);
  try {
    for (const name of await remainingSteps(runId)) {
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
          await sleep(backoffMs(attempt + 1, options.backoffBaseMs));
        }
      }
    }
    await ctx.journal;
    await finishRun(runId, "succeeded", undefined, began);
    return "succeeded";
  } finally {
    clearInterval(heartbeat);
    forgetInitialPasswordHash(applicationId);
  }
}

interface Scheduler {
  active: number;
  waiting: (() => void)[];
  running: Set<Promise<unknown>>;
  options: InlineOptions;
}

const holder = globalThis as unknown as { inlineScheduler?: Scheduler };

function scheduler(): Scheduler {
  holder.inlineScheduler ??= { active: 0, waiting: [], running: new Set(), options: {} };
  return holder.inlineScheduler;
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

/** Starts a run in the background and returns at once. */
export function dispatchInline(runId: string, applicationId: string): Promise<"succeeded" | "failed" | "skipped"> {
  const s = scheduler();
  const work = slot(async () => {
    if (!(await claimRun(runId, STALE_RUN_MS))) return "skipped" as const;
    return driveRun(runId, applicationId, s.options);
  }).catch((error) => {
    console.error(`[provisioning] run ${runId} stopped: ${errorMessage(error)}`);
    return "failed" as const;
  });
  s.running.add(work);
  void work.finally(() => s.running.delete(work));
  return work;
}

/** Resolves when every dispatched run has ended (tests, shutdown). */
export async function inlineIdle(): Promise<void> {
  const s = scheduler();
  while (s.running.size > 0) await Promise.allSettled([...s.running]);
}

/** Dispatches inline runs left queued or abandoned (no heartbeat for STALE_RUN_MS). */
export async function resumeAbandonedRuns(staleMs = STALE_RUN_MS): Promise<string[]> {
  const cutoff = new Date(Date.now() - staleMs);
  const runs = await landlord().provisioningRun.findMany({
    where: {
      driver: "inline",
      OR: [
        { status: "queued", createdAt: { lt: cutoff } },
        { status: "running", OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: cutoff } }] },
      ],
    },
    select: { id: true, applicationId: true, status: true },
  });
  for (const run of runs) {
    await audit({
      actor: SYSTEM,
      action: "provisioning.resumed",
      applicationId: run.applicationId,
      context: { runId: run.id },
    });
    void dispatchInline(run.id, run.applicationId);
  }
  return runs.map((r) => r.id);
}
