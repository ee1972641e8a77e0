// /api/metrics: the fleet in Prometheus's text format, for whoever holds
// METRICS_TOKEN. A handful of grouped queries over indexed columns (the
// application counts are the maintained ones, the run durations come from an
// index alone), answered from a one-second cache so a burst of scrapers costs
// one round of queries. Later issues add backups and servers here.
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { landlord } from "../db/landlord";
import { env } from "../env";
import { Prisma } from "../generated/landlord/client";
import { APPLICATION_STATUSES } from "../platform/applications/status";
import { exposition, histogram, labelled, type MetricFamily } from "../prometheus";
import { PROVISIONING_STEPS } from "../provisioning/steps";

export type MetricsAccess = "ok" | "unconfigured" | "denied";

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Whether an Authorization header carries the configured bearer token (compared in constant time). */
export function metricsAccess(authorization: string | null): MetricsAccess {
  const token = env().METRICS_TOKEN;
  if (!token) return "unconfigured";
  const given = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? "")?.[1] ?? "";
  // Equal-length digests, so neither the comparison nor its length says how much matched.
  return timingSafeEqual(digest(given), digest(token)) ? "ok" : "denied";
}

/** Bucket bounds of the run-duration histogram, in seconds. */
export const DURATION_BOUNDS_SECONDS = [0.5, 1, 2, 5, 10, 30, 60, 120, 300] as const;

const RUN_STATUSES = ["queued", "running", "succeeded", "failed"];
const TENANT_STATUSES = ["active", "inactive", "suspended", "deleted"];
const DELIVERY_STATES = ["delivered", "bounced", "complained"];

const counts = <T>(rows: T[], key: (row: T) => string, value: (row: T) => number | bigint) =>
  new Map(rows.map((row) => [key(row), Number(value(row))]));

async function runDurations() {
  // One column per bound (b0, b1, ...: constant names, the bounds themselves are parameters).
  const buckets = Prisma.join(
    DURATION_BOUNDS_SECONDS.map(
      (bound, i) => Prisma.sql`COALESCE(SUM(duration_ms <= ${bound * 1000}), 0) AS ${Prisma.raw(`b${i}`)}`,
    ),
  );
  const [row] = await landlord().$queryRaw<Record<string, number | bigint | string | null>[]>`
    SELECT COUNT(*) AS n, COALESCE(SUM(duration_ms), 0) AS total_ms, ${buckets}
    FROM provisioning_runs WHERE status = 'succeeded' AND duration_ms IS NOT NULL`;
  const value = (key: string) => Number(row?.[key] ?? 0);
  return {
    n: value("n"),
    totalMs: value("total_ms"),
    atMost: DURATION_BOUNDS_SECONDS.map((_bound, i) => value(`b${i}`)),
  };
}

async function stepFailures() {
  // Per failed run, the step it failed at: failed runs are few, and each has its steps by run_id.
  const rows = await landlord().$queryRaw<{ name: string; n: bigint }[]>`
    SELECT s.name, COUNT(*) AS n
    FROM provisioning_runs r JOIN provisioning_steps s ON s.run_id = r.id AND s.status = 'failed'
    WHERE r.status = 'failed'
    GROUP BY s.name`;
  return counts(
    rows,
    (r) => r.name,
    (r) => r.n,
  );
}

async function snapshotAge() {
  const [row] = await landlord().$queryRaw<{ n: bigint; age_ms: bigint | number | null }[]>`
    SELECT COUNT(*) AS n, TIMESTAMPDIFF(MICROSECOND, MIN(s.refreshed_at), NOW(3)) DIV 1000 AS age_ms
    FROM tenant_snapshots s JOIN tenants t ON t.id = s.tenant_id AND t.deleted_at IS NULL`;
  return { n: Number(row?.n ?? 0), ageSeconds: Math.max(0, Number(row?.age_ms ?? 0)) / 1000 };
}

async function tenantCounts() {
  const db = landlord();
  const [live, deleted] = await Promise.all([
    db.tenant.groupBy({ by: ["status"], where: { deletedAt: null }, _count: { _all: true } }),
    db.tenant.count({ where: { deletedAt: { not: null } } }),
  ]);
  const byStatus = counts(
    live,
    (r) => r.status,
    (r) => r._count._all,
  );
  byStatus.set("deleted", deleted);
  return byStatus;
}

async function tenantsInMaintenance(): Promise<number> {
  const now = new Date();
  const held = await landlord().maintenanceHold.groupBy({
    by: ["tenantId"],
    where: { OR: [{ endsAt: null }, { endsAt: { gt: now } }] },
  });
  return held.length;
}

export async function collectMetrics(): Promise<MetricFamily[]> {
  const db = landlord();
  const [applications, runs, failures, durations, tenants, maintenance, snapshots, deliveries] = await Promise.all([
    db.applicationStatusCount.findMany(),
    db.provisioningRun.groupBy({ by: ["status"], _count: { _all: true } }),
    stepFailures(),
    runDurations(),
    tenantCounts(),
    tenantsInMaintenance(),
    snapshotAge(),
    db.emailDelivery.groupBy({ by: ["state"], _count: { _all: true } }),
  ]);
  return [
    labelled(
      { name: "election_applications", help: "Applications by status.", type: "gauge" },
      "status",
      APPLICATION_STATUSES,
      counts(
        applications,
        (r) => r.status,
        (r) => r.count,
      ),
    ),
    labelled(
      { name: "election_provisioning_runs", help: "Provisioning runs by status.", type: "gauge" },
      "status",
      RUN_STATUSES,
      counts(
        runs,
        (r) => r.status,
        (r) => r._count._all,
      ),
    ),
    labelled(
      {
        name: "election_provisioning_step_failures_total",
        help: "Provisioning runs that failed for good, by the step that failed.",
        type: "counter",
      },
      "step",
      PROVISIONING_STEPS.map((s) => s.name),
      failures,
    ),
    histogram(
      {
        name: "election_provisioning_run_duration_seconds",
        help: "How long succeeded provisioning runs took, from start to the last step.",
      },
      DURATION_BOUNDS_SECONDS,
      durations.atMost,
      durations.n,
      durations.totalMs / 1000,
    ),
    labelled(
      { name: "election_tenants", help: "Tenants by status (soft-deleted ones as deleted).", type: "gauge" },
      "status",
      TENANT_STATUSES,
      tenants,
    ),
    {
      name: "election_tenants_in_maintenance",
      help: "Tenants with a maintenance hold in force.",
      type: "gauge",
      samples: [{ value: maintenance }],
    },
    {
      name: "election_tenant_snapshots",
      help: "Tenants with a console snapshot (size, migrations, health).",
      type: "gauge",
      samples: [{ value: snapshots.n }],
    },
    {
      name: "election_tenant_snapshot_age_seconds",
      help: "Age of the oldest tenant snapshot (0 when there is none).",
      type: "gauge",
      samples: [{ value: snapshots.ageSeconds }],
    },
    labelled(
      {
        name: "election_email_deliveries",
        help: "Sent emails by what the provider last reported (webhooks).",
        type: "gauge",
      },
      "state",
      DELIVERY_STATES,
      counts(
        deliveries,
        (r) => r.state,
        (r) => r._count._all,
      ),
    ),
  ];
}

export async function metricsText(): Promise<string> {
  return exposition(await collectMetrics());
}

const CACHE_MS = 1000;
let cache: { at: number; text: Promise<string> } | undefined;

/** The metrics, at most a second old; concurrent scrapes share one collection. */
export function cachedMetricsText(now = Date.now()): Promise<string> {
  if (!cache || now - cache.at >= CACHE_MS) {
    const entry = { at: now, text: metricsText() };
    cache = entry;
    entry.text.catch(() => {
      if (cache === entry) cache = undefined;
    });
  }
  return cache.text;
}
