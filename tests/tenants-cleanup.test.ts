// `tenants cleanup --failed-only` on the leftovers of a crash, beside a dozen
// healthy tenants: a database with no tenant row, tenant rows with no
// database (an abandoned run, a stray row), stale setup tokens. It lists them
// first, removes them with --yes, and leaves healthy tenants, a run in
// progress and a provisioned tenant that lost its database alone.
import { randomBytes, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { landlord } from "@/lib/db/landlord";
import { connect } from "@/lib/db/server";
import type { Tenant } from "@/lib/generated/landlord/client";
import { beginRun, executeStep } from "@/lib/provisioning/runs";
import { captureIo } from "@/scripts/lib/cli/capture";
import { main } from "@/scripts/lib/cli/main";
import { createApprovedApplication, provisionTestTenant, TEST_ADMIN, uniqueSlug } from "./helpers/applications";
import { trackDatabase } from "./helpers/databases";
import { testServer } from "./helpers/server";
import { databaseExists } from "./helpers/tenant-state";

const TENANTS = 12;
// Every slug of this file starts with the scope, so `--database-prefix` keeps
// --yes away from the tenant databases of test files running beside this one.
const scope = uniqueSlug("cu");
const prefix = `tenant_${scope.replaceAll("-", "_")}_`;
let fleet: Tenant[] = [];

const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

async function cli(...argv: string[]) {
  const out = captureIo();
  const code = await main(argv, out.io);
  return { code, stdout: out.stdout(), stderr: out.stderr() };
}

async function onServer(query: string) {
  const conn = await connect(testServer());
  try {
    return await conn.query(query);
  } finally {
    await conn.end();
  }
}

function token(tenantId: string, overrides: { expiresAt?: Date; usedAt?: Date } = {}) {
  return landlord().passwordSetupToken.create({
    data: {
      tenantId,
      email: `someone+${randomBytes(3).toString("hex")}@example.org`,
      tokenHash: randomBytes(32).toString("hex"),
      expiresAt: overrides.expiresAt ?? new Date(Date.now() + 3600_000),
      usedAt: overrides.usedAt,
    },
  });
}

/** Provisioning that got as far as the tenant row: a live run, or (stale) one whose process died. */
async function runStoppedAfterTenantRow(slug: string, stale: boolean) {
  const application = await createApprovedApplication({ slug });
  const run = await beginRun(application.id, TEST_ADMIN, "inline");
  await executeStep({ runId: run.runId, applicationId: application.id }, "create-tenant-record");
  if (stale) {
    await landlord().provisioningRun.update({
      where: { id: run.runId },
      data: { status: "running", heartbeatAt: new Date(Date.now() - 10 * 60_000) },
    });
  }
  const tenant = await landlord().tenant.findUniqueOrThrow({ where: { slug } });
  return { application, run, tenant };
}

beforeAll(async () => {
  for (let i = 0; i < TENANTS; i += 4) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(4, TENANTS - i) }, (_, j) => provisionTestTenant({ slug: `${scope}-ok${i + j}` })),
    );
    fleet.push(...batch.map((b) => b.tenant));
  }
  fleet = fleet.sort((a, b) => a.slug.localeCompare(b.slug));
});

describe("cleanup --failed-only", () => {
  it("lists the leftovers of a crash, removes them with --yes, and leaves healthy tenants alone", async () => {
    // The leftovers.
    const orphan = trackDatabase(`${prefix}orphan`);
    await onServer(`CREATE DATABASE ${orphan}`);
    await onServer(`CREATE TABLE ${orphan}.tenant_users (id INT PRIMARY KEY)`);
    const crashed = await runStoppedAfterTenantRow(`${scope}-crashed`, true);
    const stray = await landlord().tenant.create({
      data: {
        id: randomUUID(),
        name: "Stray",
        slug: `${scope}-stray`,
        email: "stray@example.org",
        databaseName: `${prefix}stray`,
      },
    });
    const [healthyA, healthyB] = fleet as [Tenant, Tenant];
    const expired = await token(healthyA.id, { expiresAt: new Date(Date.now() - 60_000) });
    const used = await token(healthyB.id, { usedAt: new Date() });
    const ownerless = await token(randomUUID());
    // Not leftovers: a run working right now, and a provisioned tenant whose database is gone.
    const live = await runStoppedAfterTenantRow(`${scope}-live`, false);
    const { tenant: lost } = await provisionTestTenant({ slug: `${scope}-lost` });
    await onServer(`DROP DATABASE ${lost.databaseName}`);
    const liveTokensBefore = await landlord().passwordSetupToken.count({
      where: { tenantId: { in: fleet.map((t) => t.id) }, usedAt: null, expiresAt: { gt: new Date() } },
    });

    // 1. The listing (over the whole server: it changes nothing).
    const listing = await cli("cleanup", "--failed-only");
    expect(listing.code).toBe(0);
    const out = listing.stdout;
    expect(out).toMatch(/^Databases with no tenant on their server \(\d+\):$/m);
    expect(out).toMatch(new RegExp(`^  ${orphan} on primary$`, "m"));
    expect(out).toMatch(/^Tenant rows whose database does not exist \(2\):$/m);
    expect(out).toMatch(
      new RegExp(
        `^  ${crashed.tenant.slug} +${crashed.tenant.databaseName} +primary +inactive +provisioning_started$`,
        "m",
      ),
    );
    expect(out).toMatch(new RegExp(`^  ${stray.slug} +${stray.databaseName} +primary +inactive +none$`, "m"));
    expect(out).toMatch(/^Stale password setup tokens \(3\):$/m);
    expect(out).toMatch(new RegExp(`^ +${expired.id} +${healthyA.slug} +${esc(expired.email)} +expired$`, "m"));
    expect(out).toMatch(new RegExp(`^ +${used.id} +${healthyB.slug} +${esc(used.email)} +used$`, "m"));
    expect(out).toMatch(
      new RegExp(`^ +${ownerless.id} +${ownerless.tenantId} +${esc(ownerless.email)} +tenant gone$`, "m"),
    );
    expect(out).toContain(
      `  tenant ${live.tenant.slug} (inactive, no database ${live.tenant.databaseName} on primary): a provisioning run is working on it right now`,
    );
    expect(out).toContain(
      `  tenant ${lost.slug} (active, no database ${lost.databaseName} on primary): it was provisioned: restore its database (see health-check)`,
    );
    expect(out).toMatch(/Nothing was removed\. Re-run with --yes to remove these \d+ items\.\n$/);
    for (const tenant of fleet) expect(out).not.toContain(tenant.databaseName);
    // Nothing changed.
    expect(await databaseExists(orphan)).toBe(true);
    expect(await landlord().tenant.count({ where: { id: { in: [crashed.tenant.id, stray.id] } } })).toBe(2);
    expect(
      await landlord().passwordSetupToken.count({ where: { id: { in: [expired.id, used.id, ownerless.id] } } }),
    ).toBe(3);

    // 2. --yes removes them.
    const removal = await cli("cleanup", "--failed-only", "--yes", "--database-prefix", prefix);
    expect(removal.code).toBe(0);
    expect(removal.stdout).toContain("Removed 1 database, 2 tenant rows and 3 setup tokens.");

    expect(await databaseExists(orphan)).toBe(false);
    expect(await landlord().tenant.count({ where: { id: { in: [crashed.tenant.id, stray.id] } } })).toBe(0);
    expect(
      await landlord().passwordSetupToken.count({ where: { id: { in: [expired.id, used.id, ownerless.id] } } }),
    ).toBe(0);
    // The abandoned run was rolled back as a failed run is.
    const application = await landlord().tenantApplication.findUniqueOrThrow({ where: { id: crashed.application.id } });
    expect(application.status).toBe("provisioning_failed");
    expect(application.tenantId).toBeNull();
    expect(application.failureReason).toContain("abandoned");
    expect((await landlord().provisioningRun.findUniqueOrThrow({ where: { id: crashed.run.runId } })).status).toBe(
      "failed",
    );

    // Healthy tenants: rows, databases, their live setup tokens, all still there, health-check green.
    expect(await landlord().tenant.count({ where: { id: { in: fleet.map((t) => t.id) } } })).toBe(TENANTS);
    for (const tenant of fleet) expect(await databaseExists(tenant.databaseName)).toBe(true);
    expect(
      await landlord().passwordSetupToken.count({
        where: { tenantId: { in: fleet.map((t) => t.id) }, usedAt: null, expiresAt: { gt: new Date() } },
      }),
    ).toBe(liveTokensBefore);
    const health = JSON.parse((await cli("health-check", "--json")).stdout) as {
      tenants: { slug: string; problems: string[] }[];
    };
    for (const tenant of fleet) expect(health.tenants.find((t) => t.slug === tenant.slug)?.problems).toEqual([]);
    // What was left alone is still there.
    expect(await landlord().tenant.count({ where: { id: { in: [live.tenant.id, lost.id] } } })).toBe(2);

    const audit = await landlord().auditLog.findFirst({ where: { action: "tenant.cleanup" }, orderBy: { id: "desc" } });
    expect(audit?.actorType).toBe("operator");
    expect(audit?.context).toEqual({
      databases: [{ server: "primary", database: orphan }],
      tenants: expect.arrayContaining([
        { id: crashed.tenant.id, slug: crashed.tenant.slug, database: crashed.tenant.databaseName, server: "primary" },
        { id: stray.id, slug: stray.slug, database: stray.databaseName, server: "primary" },
      ]),
      tokens: 3,
      databasePrefix: prefix,
    });

    // 3. Run again: nothing left to do in this scope.
    const again = await cli("cleanup", "--failed-only", "--database-prefix", prefix);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Nothing to clean up\.\n$/);
    expect(again.stdout).not.toContain("Databases with no tenant on their server");

    // A fleet migrate skips the run in progress rather than failing it.
    const migrate = await cli("migrate", "--slug", live.tenant.slug);
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toContain(
      `- ${live.tenant.slug} (${live.tenant.databaseName}): skipped, a provisioning run is working on it`,
    );

    await landlord().tenant.update({ where: { id: lost.id }, data: { deletedAt: new Date() } });
  });

  it("--json gives the same listing as data", async () => {
    const orphan = trackDatabase(`${prefix}json`);
    await onServer(`CREATE DATABASE ${orphan}`);
    const { code, stdout } = await cli("cleanup", "--failed-only", "--json", "--database-prefix", prefix);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.removed).toBe(false);
    expect(report.found.databases).toContainEqual({ server: "primary", database: orphan, reason: "unrecorded" });
    expect(await databaseExists(orphan)).toBe(true);
  });

  it("refuses without --failed-only, and a prefix that is not a tenant database prefix", async () => {
    const bare = await cli("cleanup", "--yes");
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("cleanup needs --failed-only");
    const bad = await cli("cleanup", "--failed-only", "--database-prefix", "election");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'The database prefix must start with tenant_ and hold only a-z, 0-9 and _ (got "election")',
    );
  });
});
