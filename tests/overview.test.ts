// The overview (/admin) against known data: the figures, 30 days of series,
// p50/p95 per day, failures per step, the recent activity and its links, and
// the page rendering its charts as SVG with labels and data tables.
import { randomUUID } from "node:crypto";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import OverviewPage from "@/app/admin/(console)/page";
import { landlord } from "@/lib/db/landlord";
import type { ApplicationStatus, TenantStatus } from "@/lib/generated/landlord/client";
import { loadOverview, nearestRank, OVERVIEW_DAYS, type Overview, overviewStart } from "@/lib/operations/overview";
import { createApplication, uniqueSlug } from "./helpers/applications";
import { platformSession } from "./helpers/platform-admin";
import { boundary } from "./setup/request-boundary";

const NOW = new Date("2026-11-28T15:00:00.000Z");
const DAY = 24 * 60 * 60 * 1000;
/** Noon UTC `n` days before NOW's day. */
const daysAgo = (n: number, hour = 12) => new Date(Date.UTC(2026, 10, 28 - n, hour));
const dayKey = (n: number) => daysAgo(n).toISOString().slice(0, 10);

let overview: Overview;
const tenants: Record<string, { id: string; slug: string }> = {};
let linkedApplication: { id: string; reference: string };

async function application(status: ApplicationStatus, createdAt: Date) {
  const created = await createApplication({ status });
  await landlord().tenantApplication.update({ where: { id: created.id }, data: { createdAt } });
  return created;
}

async function tenant(key: string, status: TenantStatus, deleted = false) {
  const slug = uniqueSlug(key);
  tenants[key] = await landlord().tenant.create({
    data: {
      id: randomUUID(),
      name: `Org ${key}`,
      slug,
      email: `admin@${slug}.example`,
      databaseName: `tenant_${slug.replaceAll("-", "_")}`,
      status,
      deletedAt: deleted ? daysAgo(2) : null,
    },
  });
}

async function snapshot(key: string, over: { pending?: number; failed?: number; healthOk?: boolean }) {
  await landlord().tenantSnapshot.create({
    data: {
      tenantId: tenants[key]?.id as string,
      databaseExists: true,
      migrationsApplied: 5,
      migrationsPending: over.pending ?? 0,
      migrationsFailed: over.failed ?? 0,
      healthOk: over.healthOk ?? true,
      refreshedAt: new Date(NOW.getTime() - 10 * 60_000),
    },
  });
}

async function run(
  applicationId: string,
  attempt: number,
  status: "succeeded" | "failed",
  finishedAt: Date,
  durationMs: number,
  steps: { name: string; position: number; status: "succeeded" | "failed"; attempts: number }[] = [],
) {
  const id = randomUUID();
  await landlord().provisioningRun.create({
    data: { id, applicationId, attempt, driver: "inline", status, startedAt: finishedAt, finishedAt, durationMs },
  });
  if (steps.length) await landlord().provisioningStep.createMany({ data: steps.map((s) => ({ runId: id, ...s })) });
}

beforeAll(async () => {
  // Applications: 3 waiting for review, 1 approved + 2 provisioning, 1 failed; spread over days.
  await application("pending", daysAgo(0));
  await application("pending", daysAgo(0, 1));
  await application("pending", daysAgo(3));
  await application("approved", daysAgo(3));
  await application("provisioning_started", daysAgo(3));
  await application("provisioning_started", daysAgo(29, 0));
  const failed = await application("provisioning_failed", daysAgo(10));
  await application("rejected", daysAgo(45)); // before the window
  linkedApplication = await application("provisioned", daysAgo(10));

  // Tenants: 3 active (one deleted too), 2 suspended, 1 inactive; holds and snapshots.
  for (const key of ["a1", "a2", "a3"]) await tenant(key, "active");
  await tenant("gone", "active", true);
  await tenant("s1", "suspended");
  await tenant("s2", "suspended");
  await tenant("i1", "inactive");
  const hold = (key: string, endsAt: Date | null) =>
    landlord().maintenanceHold.create({
      data: { id: randomUUID(), tenantId: tenants[key]?.id as string, kind: "admin", owner: "test", endsAt },
    });
  await hold("a1", null);
  await hold("s1", null);
  await hold("s1", new Date(NOW.getTime() + DAY)); // a second hold: still one tenant
  await hold("a2", new Date(NOW.getTime() - DAY)); // ended: not in maintenance
  await hold("gone", null); // deleted: not counted
  await snapshot("a1", { pending: 2 });
  await snapshot("a2", { healthOk: false });
  await snapshot("s1", { failed: 1, healthOk: false });
  await snapshot("s2", {});
  await snapshot("i1", { healthOk: false }); // inactive: not judged
  await snapshot("gone", { pending: 1 }); // deleted: not counted
  // a3 has no snapshot yet.

  // Runs: day 2 has five durations, day 5 one; one run before the window.
  const ids: string[] = [];
  for (let i = 0; i < 7; i++) ids.push((await application("provisioned", daysAgo(60))).id);
  for (const [i, ms] of [400, 100, 1000, 300, 200].entries()) {
    await run(ids[i] as string, 1, "succeeded", daysAgo(2, 8 + i), ms, [
      { name: "create-database", position: 2, status: "succeeded", attempts: 1 },
      // One run needed three tries of its migrations: two failed attempts.
      { name: "run-migrations", position: 3, status: "succeeded", attempts: i === 0 ? 3 : 1 },
    ]);
  }
  await run(ids[5] as string, 1, "succeeded", daysAgo(5), 50);
  await run(ids[6] as string, 1, "succeeded", daysAgo(40), 9999, [
    { name: "run-migrations", position: 3, status: "failed", attempts: 4 },
  ]);
  // A failed run in the window: its database step failed four times and ended it.
  await run(failed.id, 1, "failed", daysAgo(10), 5000, [
    { name: "create-tenant", position: 1, status: "succeeded", attempts: 2 },
    { name: "create-database", position: 2, status: "failed", attempts: 4 },
  ]);

  // Audit: 25 entries; the newest name an application and a tenant.
  await landlord().auditLog.createMany({
    data: Array.from({ length: 25 }, (_, i) => ({
      actorType: "system",
      actorLabel: `actor-${i}`,
      action: i === 24 ? "tenant.suspended" : i === 23 ? "application.approved" : "test.filler",
      applicationId: i === 23 ? linkedApplication.id : null,
      tenantId: i === 24 ? tenants.s1?.id : null,
      createdAt: new Date(NOW.getTime() - (25 - i) * 60_000),
    })),
  });

  overview = await loadOverview(NOW);
});

describe("the overview's figures", () => {
  it("counts applications by what they wait for", () => {
    expect(overview.applications).toEqual({ pending: 3, inProvisioning: 3, failed: 1 });
  });

  it("counts tenants by status and in maintenance (holds in force, deleted tenants left out)", () => {
    expect(overview.tenants).toEqual({ active: 3, suspended: 2, inactive: 1, inMaintenance: 2 });
  });

  it("counts tenant databases with pending or failed migrations and failing health, from the snapshots", () => {
    expect(overview.databases).toMatchObject({
      measured: 4,
      unmeasured: 1,
      pendingMigrations: 2,
      failingHealth: 2,
      oldestRefresh: new Date(NOW.getTime() - 10 * 60_000),
    });
  });
});

describe("the overview's series", () => {
  it("has one point per day for 30 days, ending today (UTC)", () => {
    expect(overview.days).toHaveLength(OVERVIEW_DAYS);
    expect(overview.days[0]?.day).toBe(dayKey(29));
    expect(overview.days.at(-1)?.day).toBe(dayKey(0));
    expect(overviewStart(NOW)).toEqual(new Date(Date.UTC(2026, 10, 28 - 29)));
  });

  it("counts applications and provisioned tenants per day", () => {
    const byDay = Object.fromEntries(overview.days.map((d) => [d.day, d]));
    expect(byDay[dayKey(0)]?.applications).toBe(2);
    expect(byDay[dayKey(3)]?.applications).toBe(3);
    expect(byDay[dayKey(29)]?.applications).toBe(1); // 00:00 on the first day counts
    // And the two of ten days ago; the rest are older than the window.
    const counted = overview.days.reduce((sum, d) => sum + d.applications, 0);
    expect(counted).toBe(2 + 3 + 1 + 2);
    expect(byDay[dayKey(2)]?.provisioned).toBe(5);
    expect(byDay[dayKey(5)]?.provisioned).toBe(1);
    expect(overview.days.reduce((sum, d) => sum + d.provisioned, 0)).toBe(6);
  });

  it("gives each day's provisioning duration p50 and p95 (nearest rank), none on a day without runs", () => {
    const byDay = Object.fromEntries(overview.days.map((d) => [d.day, d]));
    expect(byDay[dayKey(2)]).toMatchObject({ p50: 300, p95: 1000 });
    expect(byDay[dayKey(5)]).toMatchObject({ p50: 50, p95: 50 });
    expect(byDay[dayKey(1)]).toMatchObject({ p50: null, p95: null });
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(nearestRank([], 50)).toBeNull();
  });

  it("counts failed attempts per step, and the runs each step ended, in step order", () => {
    expect(overview.stepFailures).toEqual([
      { step: "create-tenant", failedAttempts: 1, failedRuns: 0 },
      { step: "create-database", failedAttempts: 4, failedRuns: 1 },
      { step: "run-migrations", failedAttempts: 2, failedRuns: 0 },
    ]);
  });
});

describe("recent activity", () => {
  it("is the last 20 audit entries, newest first, with the application and tenant they name", () => {
    expect(overview.recent.map((e) => e.actorLabel)).toEqual(Array.from({ length: 20 }, (_, i) => `actor-${24 - i}`));
    expect(overview.recent[0]?.tenant?.slug).toBe(tenants.s1?.slug);
    expect(overview.recent[1]).toMatchObject({
      applicationId: linkedApplication.id,
      application: { reference: linkedApplication.reference },
    });
  });
});

describe("the page", () => {
  it("renders the figures, the SVG charts with titles and data tables, and links to what happened", async () => {
    boundary.session = await platformSession("viewer");
    const html = renderToStaticMarkup(await OverviewPage());
    expect(html).toContain("Waiting for review");
    expect(html.match(/<svg [^>]*role="img"/g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).toMatch(/<svg [^>]*aria-label="Applications per day, [^"]+"/);
    expect(html).toMatch(/<svg [^>]*aria-label="Provisioning duration p50 and p95 per day, [^"]+"/);
    expect(html).toContain("<title>Tenants provisioned per day,");
    // One data table for the three daily charts, one for the steps.
    expect(html).toMatch(/<summary[^>]*>Show the numbers per day<\/summary>/);
    expect(html.match(/<summary[^>]*>Show data<\/summary>/g)).toHaveLength(1);
    expect(html).toContain(`<td>${dayKey(2)}</td><td>0</td><td>5</td><td>300 ms</td><td>1 s</td>`);
    expect(html).toMatch(/<figcaption[^>]*>Failures per provisioning step<\/figcaption>/);
    // Recent activity links to the application and the tenant.
    expect(html).toContain(`href="/admin/tenants/${tenants.s1?.slug}"`);
    expect(html).toContain(`href="/admin/applications/${linkedApplication.id}"`);
  });

  it('says "not measured yet" while no tenant database has a snapshot', async () => {
    await landlord().tenantSnapshot.deleteMany();
    expect((await loadOverview(NOW)).databases).toMatchObject({ measured: 0, pendingMigrations: 0 });
    boundary.session = await platformSession("viewer");
    const html = renderToStaticMarkup(await OverviewPage());
    expect(html.match(/not measured yet/g)?.length).toBeGreaterThanOrEqual(3);
  });
});
