// The console's overview (/admin): the fleet's figures at a glance, 30 days
// of charts and the latest audit entries, in six small queries run side by
// side, each served by an index and none growing with the applications:
// 1. application counts: the nine rows of application_status_counts;
// 2. tenants: by status, those with a hold in force, and their snapshots'
//    figures (thousands of rows, not millions);
// 3. applications per day: 30 ranges of the created_at index, counted;
// 4. finished runs: a range of the (status, finished_at, duration_ms) index,
//    read from the index alone, for the tenants provisioned per day and their
//    durations' p50/p95;
// 5. failures per step: the steps of those runs that failed at least once;
// 6. the last 20 audit entries (the created_at index) and what they name.
// Days are UTC days; percentiles are nearest-rank.
import "server-only";
import { landlord } from "../db/landlord";
import { Prisma, type TenantStatus } from "../generated/landlord/client";
import { countAll } from "../platform/applications/counts";
import { type AuditRow, withSubjects } from "../platform/audit-log";

export const OVERVIEW_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface DayPoint {
  /** YYYY-MM-DD (UTC). */
  day: string;
  applications: number;
  provisioned: number;
  /** Provisioning durations of the runs that succeeded that day (ms); null when there were none. */
  p50: number | null;
  p95: number | null;
}

export interface StepFailures {
  step: string;
  /** Failed attempts, retried or not. */
  failedAttempts: number;
  /** Runs this step ended (its last retry failed). */
  failedRuns: number;
}

export interface DatabaseFigures {
  /** Tenants (active or suspended) with a snapshot. */
  measured: number;
  /** Tenants (active or suspended) the snapshot refresh has not reached yet. */
  unmeasured: number;
  pendingMigrations: number;
  failingHealth: number;
  /** The oldest snapshot counted: the figures are at least this fresh. */
  oldestRefresh: Date | null;
}

export interface Overview {
  applications: { pending: number; inProvisioning: number; failed: number };
  tenants: Record<TenantStatus, number> & { inMaintenance: number };
  databases: DatabaseFigures;
  days: DayPoint[];
  stepFailures: StepFailures[];
  recent: AuditRow[];
  since: Date;
}

/** Nearest-rank percentile of ascending values (the smallest value with at least p% at or below it). */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? null;
}

/** The first of the OVERVIEW_DAYS days that end today (UTC). */
export function overviewStart(now: Date): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - (OVERVIEW_DAYS - 1) * DAY_MS);
}

const dayOf = (date: Date) => date.toISOString().slice(0, 10);

async function tenantFigures(now: Date) {
  const db = landlord();
  // Three small queries: one joined pass over tenants, holds and snapshots cost ten times more.
  const [byStatus, [held], [snapshots]] = await Promise.all([
    db.tenant.groupBy({ by: ["status"], where: { deletedAt: null }, _count: { _all: true } }),
    db.$queryRaw<{ n: bigint }[]>`
      SELECT COUNT(DISTINCT h.tenant_id) AS n
        FROM tenant_maintenance_holds h JOIN tenants t ON t.id = h.tenant_id
       WHERE t.deleted_at IS NULL AND (h.ends_at IS NULL OR h.ends_at > ${now})`,
    // Snapshots count for active and suspended tenants: the ones the refresh judges (./tenant-snapshots.ts).
    db.$queryRaw<{ measured: bigint; pending: unknown; failing: unknown; oldest: Date | null }[]>`
      SELECT COUNT(*) AS measured,
             SUM(COALESCE(s.migrations_pending, 0) > 0 OR COALESCE(s.migrations_failed, 0) > 0) AS pending,
             SUM(s.health_ok = 0) AS failing,
             MIN(s.refreshed_at) AS oldest
        FROM tenant_snapshots s JOIN tenants t ON t.id = s.tenant_id
       WHERE t.deleted_at IS NULL AND t.status IN ('active', 'suspended')`,
  ]);
  const tenants = { active: 0, inactive: 0, suspended: 0, inMaintenance: Number(held?.n ?? 0) };
  for (const group of byStatus) tenants[group.status] = group._count._all;
  const measured = Number(snapshots?.measured ?? 0);
  const databases: DatabaseFigures = {
    measured,
    unmeasured: tenants.active + tenants.suspended - measured,
    pendingMigrations: Number(snapshots?.pending ?? 0),
    failingHealth: Number(snapshots?.failing ?? 0),
    oldestRefresh: snapshots?.oldest ?? null,
  };
  return { tenants, databases };
}

/** One count per day, each a range of the created_at index counted from the index alone (no per-row date function, no temporary table). */
async function applicationsPerDay(since: Date): Promise<Map<string, number>> {
  const days = Array.from({ length: OVERVIEW_DAYS }, (_, i) => new Date(since.getTime() + i * DAY_MS));
  const rows = await landlord().$queryRaw<{ i: number | bigint; n: number | bigint }[]>`${Prisma.join(
    days.map(
      (from, i) =>
        Prisma.sql`SELECT ${i} AS i, COUNT(*) AS n FROM tenant_applications
                   WHERE created_at >= ${from} AND created_at < ${new Date(from.getTime() + DAY_MS)}`,
    ),
    " UNION ALL ",
  )}`;
  return new Map(rows.map((r) => [dayOf(days[Number(r.i)] as Date), Number(r.n)]));
}

function finishedRuns(since: Date) {
  return landlord().provisioningRun.findMany({
    where: { status: "succeeded", finishedAt: { gte: since } },
    select: { finishedAt: true, durationMs: true },
  });
}

function stepFailures(since: Date) {
  // A succeeded step failed attempts - 1 times; a failed one (it ended its run) every time.
  return landlord().$queryRaw<{ step: string; position: number; failed_attempts: unknown; failed_runs: unknown }[]>`
    SELECT s.name AS step, MIN(s.position) AS position,
           SUM(IF(s.status = 'failed', s.attempts, CAST(s.attempts AS SIGNED) - 1)) AS failed_attempts,
           SUM(s.status = 'failed') AS failed_runs
      FROM provisioning_runs r JOIN provisioning_steps s ON s.run_id = r.id
     WHERE r.status IN ('succeeded', 'failed') AND r.finished_at >= ${since}
       AND (s.status = 'failed' OR s.attempts > 1)
     GROUP BY s.name
     ORDER BY position`;
}

async function recentActivity(take: number): Promise<AuditRow[]> {
  const rows = await landlord().auditLog.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take });
  return withSubjects(rows);
}

export async function loadOverview(now = new Date()): Promise<Overview> {
  const since = overviewStart(now);
  const [counts, { tenants, databases }, applicationsByDay, runs, failures, recent] = await Promise.all([
    countAll(),
    tenantFigures(now),
    applicationsPerDay(since),
    finishedRuns(since),
    stepFailures(since),
    recentActivity(20),
  ]);

  const durationsByDay = new Map<string, number[]>();
  for (const run of runs) {
    if (!run.finishedAt) continue;
    const day = dayOf(run.finishedAt);
    const list = durationsByDay.get(day) ?? [];
    list.push(run.durationMs ?? 0);
    durationsByDay.set(day, list);
  }
  const days: DayPoint[] = Array.from({ length: OVERVIEW_DAYS }, (_, i) => {
    const day = dayOf(new Date(since.getTime() + i * DAY_MS));
    const durations = (durationsByDay.get(day) ?? []).sort((a, b) => a - b);
    return {
      day,
      applications: applicationsByDay.get(day) ?? 0,
      provisioned: durations.length,
      p50: nearestRank(durations, 50),
      p95: nearestRank(durations, 95),
    };
  });

  return {
    applications: {
      pending: counts.counts.pending ?? 0,
      // Approved waits for its run to start; both are on the way to a tenant.
      inProvisioning: (counts.counts.approved ?? 0) + (counts.counts.provisioning_started ?? 0),
      failed: counts.counts.provisioning_failed ?? 0,
    },
    tenants,
    databases,
    days,
    stepFailures: failures.map((f) => ({
      step: f.step,
      failedAttempts: Number(f.failed_attempts ?? 0),
      failedRuns: Number(f.failed_runs ?? 0),
    })),
    recent,
    since,
  };
}
