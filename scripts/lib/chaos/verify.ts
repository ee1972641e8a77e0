// After the faults: the checks `npm run chaos` promises, each as a count.
// Every application provisioned or provisioning_failed with its reason; every
// provisioned tenant healthy (lib/operations/health.ts); nothing for
// `cleanup --failed-only` to find (lib/operations/cleanup.ts, limited to this
// run's databases and the users this landlord knows, as on a shared server);
// every provisioned tenant's welcome email in the outbox exactly once, and no
// application's twice; none left in between.
import { landlord } from "@/lib/db/landlord";
import { listRegisteredServers } from "@/lib/db/servers";
import { findLeftovers, leftoverCount } from "@/lib/operations/cleanup";
import { checkHealth } from "@/lib/operations/health";

export interface ChaosCounts {
  applications: number;
  provisioned: number;
  failed: number;
  failedWithoutReason: number;
  /** Any other status: still pending, approved or provisioning. */
  inBetween: number;
  /** Provisioned tenants per server name. */
  tenantsByServer: Record<string, number>;
  unhealthy: number;
  provisionedWithoutActiveTenant: number;
  leftovers: number;
  serversDown: number;
  welcomeExactlyOnce: number;
  welcomeMissing: number;
  welcomeMoreThanOnce: number;
  /** Runs the sweeper handed over again after their process went silent. */
  resumedRuns: number;
  failureReasons: Record<string, number>;
  /** The first few health problems and leftovers, as the commands would name them. */
  details: string[];
}

const SHOWN = 10;

export async function chaosCounts(databasePrefix: string): Promise<ChaosCounts> {
  const db = landlord();
  const applications = await db.tenantApplication.findMany({
    select: { id: true, status: true, failureReason: true, tenant: { select: { status: true, serverId: true } } },
  });
  const provisioned = applications.filter((a) => a.status === "provisioned");
  const failed = applications.filter((a) => a.status === "provisioning_failed");
  const servers = new Map((await listRegisteredServers()).map((s) => [s.id, s.name]));
  const tenantsByServer: Record<string, number> = {};
  for (const a of provisioned) {
    const name = servers.get(a.tenant?.serverId ?? -1) ?? "none";
    tenantsByServer[name] = (tenantsByServer[name] ?? 0) + 1;
  }
  const failureReasons: Record<string, number> = {};
  for (const a of failed) {
    // The reason without the names and numbers that differ between runs of the same cause.
    const flat = (a.failureReason ?? "").replace(/\s+/g, " ").trim();
    const reason = flat.replace(/[0-9a-f]{8,}|\d+/g, "#").slice(0, 140);
    failureReasons[reason] = (failureReasons[reason] ?? 0) + 1;
  }

  const health = await checkHealth();
  const found = await findLeftovers({ databasePrefix });
  const welcomes = await db.emailOutbox.groupBy({
    by: ["applicationId"],
    where: { template: "welcome" },
    _count: { _all: true },
  });
  const welcomeCount = new Map(welcomes.map((w) => [w.applicationId, w._count._all]));
  return {
    applications: applications.length,
    provisioned: provisioned.length,
    failed: failed.length,
    failedWithoutReason: failed.filter((a) => !a.failureReason?.trim()).length,
    inBetween: applications.length - provisioned.length - failed.length,
    tenantsByServer,
    unhealthy: health.tenants.filter((t) => t.problems.length > 0).length,
    provisionedWithoutActiveTenant: provisioned.filter((a) => a.tenant?.status !== "active").length,
    leftovers: leftoverCount(found),
    serversDown: health.downServers.length + found.downServers.length,
    welcomeExactlyOnce: provisioned.filter((a) => welcomeCount.get(a.id) === 1).length,
    welcomeMissing: provisioned.filter((a) => !welcomeCount.has(a.id)).length,
    welcomeMoreThanOnce: welcomes.filter((w) => w._count._all > 1).length,
    resumedRuns: await db.auditLog.count({ where: { action: "provisioning.resumed" } }),
    failureReasons,
    details: [
      ...health.tenants
        .filter((t) => t.problems.length > 0)
        .slice(0, SHOWN)
        .map((t) => `health-check: ${t.slug} on ${t.server}: ${t.problems.join("; ")}`),
      ...found.databases.slice(0, SHOWN).map((d) => `leftover database ${d.database} on ${d.server} (${d.reason})`),
      ...found.users.slice(0, SHOWN).map((u) => `leftover user ${u.user} on ${u.server} (${u.reason})`),
      ...found.tenants.slice(0, SHOWN).map((t) => `leftover tenant row ${t.slug} (${t.status}) on ${t.server}`),
      ...found.tokens.slice(0, SHOWN).map((t) => `leftover setup token of ${t.slug ?? t.tenantId} (${t.reason})`),
      ...found.records.slice(0, SHOWN).map((r) => `stale catalog record ${r.name} on ${r.server}`),
    ],
  };
}

/** What is wrong, one line each; empty when the run kept every promise. */
export function chaosProblems(c: ChaosCounts): string[] {
  const problems: string[] = [];
  const expect = (bad: number, text: string) => bad > 0 && problems.push(`${bad} ${text}`);
  expect(c.inBetween, "application(s) neither provisioned nor provisioning_failed");
  expect(c.failedWithoutReason, "failed application(s) without a reason");
  expect(c.unhealthy, "provisioned tenant(s) failing health-check");
  expect(c.provisionedWithoutActiveTenant, "provisioned application(s) without an active tenant");
  expect(c.leftovers, "leftover(s) for cleanup --failed-only (database, user, tenant row, token or record)");
  expect(c.serversDown, "server(s) not answering the checks");
  expect(c.welcomeMissing, "provisioned tenant(s) with no welcome email");
  expect(c.welcomeMoreThanOnce, "application(s) with more than one welcome email");
  return problems;
}
