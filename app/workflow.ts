// The composition root of the workflow: which driver runs provisioning, and
// which periodic jobs this portal process runs. lib/ defines both drivers'
// contract and the inline one; the Inngest driver lives in inngest/.
import "server-only";
import { env } from "@/lib/env";
import { type BackgroundJob, type BackgroundRunner, startBackgroundJobs } from "@/lib/jobs/runner";
import { onShutdown } from "@/lib/lifecycle";
import { backupSchedule } from "@/lib/operations/backups/schedule";
import { refreshServerFigures } from "@/lib/operations/servers";
import { refreshSnapshots } from "@/lib/operations/tenant-snapshots";
import { expireApplications } from "@/lib/platform/applications/expire";
import { type DigestSource, sendOwnerDigest } from "@/lib/platform/owner-digest";
import { sweepStaleRuns } from "@/lib/provisioning/dispatch";
import type { ProvisioningDriver } from "@/lib/provisioning/driver";
import { provisioningFailures } from "@/lib/provisioning/failure-digest";
import { drainInline, inlineDriver } from "@/lib/provisioning/inline-driver";

// Loaded only when used, so a portal on the inline driver never loads the Inngest SDK.
const inngestDriver: ProvisioningDriver = {
  name: "inngest",
  async dispatch(run) {
    const { inngestDriver: driver } = await import("@/inngest/driver");
    await driver.dispatch(run);
  },
};

/** The driver every approval and retry hands its run to. */
export function workflowDriver(): ProvisioningDriver {
  return env().WORKFLOW_DRIVER === "inngest" ? inngestDriver : inlineDriver;
}

// Expiry is measured in hours and days: a minute late is nothing, and an idle
// run is two indexed queries.
const EXPIRY_INTERVAL_MS = 60_000;

/**
 * The periodic jobs of this portal. The sweeper is the inline driver's only:
 * under the Inngest driver it runs as an Inngest cron function
 * (inngest/functions/sweep-provisioning.ts). Expiring stale applications runs
 * here under either driver: it is plain landlord work with no steps to retry,
 * and the background job already runs it in one process at a time, so one
 * schedule serves both drivers.
 */
export function backgroundJobs(): BackgroundJob[] {
  const config = env();
  const expiry: BackgroundJob = {
    name: "expire-applications",
    everyMs: EXPIRY_INTERVAL_MS,
    run: async () => {
      const { unconfirmed, pending } = await expireApplications();
      if (unconfirmed + pending > 0)
        console.log(`[applications] expired ${unconfirmed} unconfirmed, ${pending} unreviewed`);
    },
  };
  const jobs = [expiry, ...backupJobs(), ...snapshotJobs(), serverFiguresJob(), ownerDigestJob()];
  if (config.WORKFLOW_DRIVER !== "inline") return jobs;
  const sweep: BackgroundJob = {
    name: "sweep-provisioning",
    everyMs: config.SWEEP_INTERVAL_SECONDS * 1000,
    run: async () => {
      const resumed = await sweepStaleRuns(inlineDriver);
      if (resumed.length > 0) console.log(`[provisioning] resumed ${resumed.length} abandoned run(s)`);
    },
  };
  return [sweep, ...jobs];
}

/** What the owners' digest lists; later issues add failed backups and full servers. */
export const DIGEST_SOURCES: readonly DigestSource[] = [provisioningFailures];

/**
 * The owners' digest (lib/platform/owner-digest.ts), under either driver: it
 * looks every minute and sends at most one digest per hour window, only when
 * something went wrong since the last one.
 */
function ownerDigestJob(): BackgroundJob {
  return {
    name: "owner-digest",
    everyMs: 60_000,
    run: async () => {
      const result = await sendOwnerDigest(DIGEST_SOURCES);
      if (result.sent) console.log(`[digest] ${result.items} problem(s) sent to ${result.recipients.length} owner(s)`);
    },
  };
}

// Backups are due every BACKUP_EVERY_HOURS; looking every 10 minutes is plenty.
const BACKUP_CHECK_INTERVAL_MS = 10 * 60_000;
const schedule = backupSchedule();

/**
 * The daily backups (lib/operations/backups/schedule.ts) run here under either
 * driver, like expiry: a pass is long, plain work with nothing to retry step
 * by step (a failed tenant is simply due again at the next look), and the
 * background job already runs it in one process at a time. The job only starts
 * a pass; the pass runs beside the job's ticks so the sweeper never waits on it.
 */
function backupJobs(): BackgroundJob[] {
  if (env().BACKUP_EVERY_HOURS === 0) return [];
  return [{ name: "scheduled-backups", everyMs: BACKUP_CHECK_INTERVAL_MS, run: async () => schedule.kick() }];
}

/**
 * The console's tenant snapshots (lib/operations/tenant-snapshots.ts) every
 * TENANT_SNAPSHOT_MINUTES, under either driver, like expiry, by the one process
 * that holds the background lock. TENANT_SNAPSHOTS=0 turns it off (the tenant's
 * console page and the command line still refresh them). At thousands of
 * tenants a pass takes seconds (information_schema opens every table's
 * definition), so, like backups, the job only starts a pass, which runs beside
 * the job's ticks (one at a time) and the sweeper never waits on it.
 */
let snapshotPass: Promise<void> | undefined;

function snapshotJobs(): BackgroundJob[] {
  const config = env();
  if (!config.TENANT_SNAPSHOTS) return [];
  const pass = async () => {
    try {
      const report = await refreshSnapshots();
      if (report.unreadable > 0)
        console.log(`[snapshots] ${report.unreadable} of ${report.tenants} tenant databases unreadable`);
    } catch (error) {
      console.error("[snapshots] the refresh failed:", error instanceof Error ? error.message : error);
    } finally {
      snapshotPass = undefined;
    }
  };
  const run = async () => {
    snapshotPass ??= pass();
  };
  return [{ name: "tenant-snapshots", everyMs: config.TENANT_SNAPSHOT_MINUTES * 60_000, run }];
}

/**
 * The database servers' figures on the console's Servers page
 * (lib/operations/servers.ts), every SERVER_FIGURES_MINUTES, under either
 * driver, like the snapshots. Every server is read at once, each within its
 * own timeout, so one that is down or hangs is recorded unreachable (keeping
 * the figures of when it was last seen) and the others are refreshed; and,
 * like the snapshots, the job only starts a pass, so a slow server never holds
 * up the sweeper.
 */
let figuresPass: Promise<void> | undefined;

export function serverFiguresJob(): BackgroundJob {
  const pass = async () => {
    try {
      const report = await refreshServerFigures();
      for (const down of report.unreachable) console.log(`[servers] ${down.name} is unreachable: ${down.error}`);
    } catch (error) {
      console.error("[servers] the figures' refresh failed:", error instanceof Error ? error.message : error);
    } finally {
      figuresPass = undefined;
    }
  };
  return {
    name: "server-figures",
    everyMs: env().SERVER_FIGURES_MINUTES * 60_000,
    run: async () => {
      figuresPass ??= pass();
    },
  };
}

/** The figures' pass under way, if any (tests wait for it; so does the shutdown). */
export function serverFiguresPass(): Promise<void> {
  return figuresPass ?? Promise.resolve();
}

const SHUTDOWN_GRACE_MS = 25_000;

/** Starts this process's background work and registers what SIGTERM must wait for. */
export function startPortalBackground(): BackgroundRunner | undefined {
  const config = env();
  const jobs = backgroundJobs();
  const runner = config.BACKGROUND_JOBS && jobs.length > 0 ? startBackgroundJobs(jobs) : undefined;
  onShutdown("background jobs", async () => runner?.stop());
  onShutdown("scheduled backups", async () => schedule.stop());
  onShutdown("tenant snapshots", async () => snapshotPass);
  onShutdown("server figures", serverFiguresPass);
  onShutdown("provisioning runs", async () => {
    if (!(await drainInline(SHUTDOWN_GRACE_MS))) throw new Error("runs still going after the grace period");
  });
  return runner;
}
