// The console benchmark (bench/admin-pages.ts) at smoke size, so its code
// cannot rot between runs. Starting the portal needs a production build, too
// slow for this suite: this covers the seeding and runs each page the
// benchmark measures through the lib function behind it, with the URL's own
// parameters. No targets here; the figures come from `npm run bench`.
import { beforeAll, describe, expect, it } from "vitest";
import { consolePages } from "@/bench/admin-pages";
import { seedConsole } from "@/bench/console-seed";
import { landlord } from "@/lib/db/landlord";
import { loadOverview } from "@/lib/operations/overview";
import { countAll } from "@/lib/platform/applications/counts";
import { parseListParams } from "@/lib/platform/applications/list-params";
import { listApplications } from "@/lib/platform/applications/queries";
import { listAuditLog } from "@/lib/platform/audit-log";
import { parseAuditLogParams } from "@/lib/platform/audit-log-params";

const SIZES = { applications: 3000, tenants: 50, audit: 2000 };

beforeAll(async () => {
  await seedConsole(SIZES);
}, 120_000);

describe("the console benchmark's seeding", () => {
  it("writes the sizes asked for, with exact maintained counts and the overview's material", async () => {
    const db = landlord();
    expect(await db.tenantApplication.count()).toBe(SIZES.applications);
    expect(await db.tenant.count()).toBe(SIZES.tenants);
    expect(await db.auditLog.count()).toBe(SIZES.audit);
    const grouped = await db.tenantApplication.groupBy({ by: ["status"], _count: { _all: true } });
    const { counts } = await countAll();
    for (const g of grouped) expect(counts[g.status], g.status).toBe(g._count._all);
    // Nothing the portal's expiry job would change while the benchmark runs.
    const day = new Date(Date.now() - 24 * 3600_000);
    expect(await db.tenantApplication.count({ where: { status: "unconfirmed", createdAt: { lt: day } } })).toBe(0);
    expect(await db.provisioningRun.count({ where: { status: "failed" } })).toBeGreaterThan(0);
    expect(await db.provisioningStep.count()).toBe((await db.provisioningRun.count()) * 6);
    expect(await db.tenantSnapshot.count()).toBeGreaterThan(0);
  });
});

describe("every page the benchmark measures, through its lib function", () => {
  const pages = consolePages().filter((p) => !p.path.startsWith("/admin/tenants"));

  it.each(pages.map((p) => [p.name, p.path]))("%s (%s)", async (_name, path) => {
    const url = new URL(path, "http://bench.test");
    const query = Object.fromEntries(url.searchParams);
    if (url.pathname === "/admin/applications") {
      const page = await listApplications(parseListParams(query));
      expect(page.rows.length).toBeGreaterThan(0);
      if (query.status) expect(page.rows.every((r) => r.status === query.status)).toBe(true);
    } else if (url.pathname === "/admin/audit") {
      const page = await listAuditLog(parseAuditLogParams(query));
      expect(page.rows.length).toBeGreaterThan(0);
    } else {
      expect(url.pathname).toBe("/admin");
      const overview = await loadOverview();
      expect(overview.days.some((d) => d.applications > 0 && d.provisioned > 0)).toBe(true);
      expect(overview.stepFailures.find((s) => s.step === "run-migrations")?.failedRuns).toBeGreaterThan(0);
      expect(overview.databases.measured).toBeGreaterThan(0);
      expect(overview.recent).toHaveLength(20);
    }
  });
});
