// The catalog of every database the portal makes: provisioning records each
// tenant's database as `current` (once, however often the step runs) and a
// rollback removes the record; `cleanup --failed-only` removes only what the
// catalog marks as left behind (or tenant_* databases it does not know at
// all), never a kept `previous` or `source` database, never one a running
// operation holds, never anything outside the prefix.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { recordDatabase } from "@/lib/db/catalog";
import { landlord } from "@/lib/db/landlord";
import { tenantServer } from "@/lib/db/server";
import type { Tenant } from "@/lib/generated/landlord/client";
import { tenantLock, withOperationLock } from "@/lib/operations/backups/locks";
import { scratchName } from "@/lib/operations/backups/scratch";
import { activeHolds, placeHold } from "@/lib/operations/maintenance";
import { driveRun } from "@/lib/provisioning/inline-driver";
import { beginRun, executeStep } from "@/lib/provisioning/runs";
import { stepNamed } from "@/lib/provisioning/steps";
import {
  createApprovedApplication,
  provisionTestTenant,
  TEST_ADMIN,
  TEST_OPERATOR,
  uniqueSlug,
} from "./helpers/applications";
import { cli, sql } from "./helpers/backups";
import { trackDatabase } from "./helpers/databases";
import { databaseExists } from "./helpers/tenant-state";

const scope = uniqueSlug("cat");
const prefix = `tenant_${scope.replaceAll("-", "_")}_`;
let owner: Tenant;
let busy: Tenant;

beforeAll(async () => {
  owner = (await provisionTestTenant({ slug: `${scope}-owner` })).tenant;
  busy = (await provisionTestTenant({ slug: `${scope}-busy` })).tenant;
});
afterEach(() => vi.restoreAllMocks());

async function made(name: string, role: "current" | "previous" | "scratch" | "source" | null, tenantId: string | null) {
  trackDatabase(name);
  if (role) await recordDatabase({ server: tenantServer(), name, role, tenantId, createdBy: "test" });
  await sql(undefined, `CREATE DATABASE ${name}`);
  return name;
}

describe("provisioning and the catalog", () => {
  it("records the tenant's database as current, once, and a rollback removes the record", async () => {
    const entries = await landlord().databaseCatalogEntry.findMany({ where: { tenantId: owner.id, kind: "database" } });
    expect(entries).toEqual([
      expect.objectContaining({
        name: owner.databaseName,
        role: "current",
        server: `${tenantServer().host}:${tenantServer().port}`,
      }),
    ]);
    expect(entries[0]?.createdBy).toMatch(/^provisioning run [0-9a-f-]{36}$/);

    const application = await createApprovedApplication({ slug: `${scope}-fails` });
    const run = await beginRun(application.id, TEST_ADMIN, "inline");
    const ctx = { runId: run.runId, applicationId: application.id };
    await executeStep(ctx, "create-tenant-record");
    await executeStep(ctx, "create-database");
    await executeStep(ctx, "create-database"); // a retried step records nothing twice
    const tenant = await landlord().tenant.findUniqueOrThrow({ where: { slug: `${scope}-fails` } });
    expect(await landlord().databaseCatalogEntry.count({ where: { name: tenant.databaseName } })).toBe(1);

    vi.spyOn(stepNamed("seed-initial-admin"), "run").mockRejectedValue(new Error("boom"));
    expect(await driveRun(run.runId, application.id, { backoffBaseMs: 1 })).toBe("failed");
    expect(await databaseExists(tenant.databaseName)).toBe(false);
    expect(await landlord().databaseCatalogEntry.count({ where: { name: tenant.databaseName } })).toBe(0);
  });
});

describe("cleanup --failed-only and the catalog", () => {
  it("removes what the catalog marks as left behind, and leaves everything else alone", async () => {
    const leftScratch = await made(scratchName(owner.slug, "r"), "scratch", owner.id);
    const busyScratch = await made(scratchName(busy.slug, "v"), "scratch", busy.id);
    const previous = await made(`${prefix}kept__r0000000001`, "previous", owner.id);
    const source = await made(`${prefix}moved__m0000000001`, "source", owner.id);
    const unrecorded = await made(`${prefix}orphan`, null, null);
    const unused = await made(`${prefix}nobody`, "current", null);
    const outside = await made(scratchName("elsewhere", "v"), "scratch", owner.id);
    await recordDatabase({
      server: tenantServer(),
      name: `${prefix}vanished`,
      role: "scratch",
      tenantId: owner.id,
      createdBy: "test",
    });
    const hold = await placeHold({ tenantId: owner.id, kind: "restore", owner: "restore that died" }, TEST_OPERATOR);

    const listing = await cli("cleanup", "--failed-only", "--database-prefix", prefix);
    expect(listing.code).toBe(0);
    expect(listing.stdout).toContain(`Databases with no tenant on their server (1):\n  ${unrecorded} on primary\n`);
    expect(listing.stdout).toContain(
      `  ${leftScratch} on primary: scratch copy of an interrupted restore, verification or move`,
    );
    expect(listing.stdout).toContain(`  ${unused} on primary: recorded as a tenant's, no tenant uses it`);
    expect(listing.stdout).toContain(
      `Catalog records of databases or users that no longer exist (1):\n  ${prefix}vanished (scratch, on primary)`,
    );
    expect(listing.stdout).toContain(
      `Maintenance holds of restores or moves that stopped (1):\n  ${owner.slug}: restore that died`,
    );
    expect(listing.stdout).toContain(
      `  database ${previous} on primary: kept after a restore (drop it with restore:drop-previous)`,
    );
    expect(listing.stdout).toContain(`  database ${source} on primary: kept after a move`);
    expect(listing.stdout).not.toContain(outside);

    // While its restore runs (its tenant's operation lock held), a scratch database is no leftover.
    const removal = await withOperationLock(tenantLock(busy.id), "test", () =>
      cli("cleanup", "--failed-only", "--yes", "--database-prefix", prefix),
    );
    expect(removal.code).toBe(0);
    expect(removal.stdout).toContain(
      `  database ${busyScratch} on primary: a backup, verification, restore or move is using it right now`,
    );
    expect(removal.stdout).toContain(
      "Removed 3 databases, 0 tenant rows and 0 setup tokens, plus 1 catalog record and 1 stale maintenance hold.",
    );
    for (const gone of [leftScratch, unrecorded, unused]) expect(await databaseExists(gone), gone).toBe(false);
    for (const kept of [busyScratch, previous, source, outside, owner.databaseName, busy.databaseName]) {
      expect(await databaseExists(kept), kept).toBe(true);
    }
    expect(
      await landlord().databaseCatalogEntry.count({
        where: { name: { in: [leftScratch, unused, `${prefix}vanished`] } },
      }),
    ).toBe(0);
    expect(await activeHolds(owner.id)).toEqual([]);
    expect(
      (await landlord().auditLog.findFirstOrThrow({ where: { action: "tenant.hold_released" } })).context,
    ).toMatchObject({ holdId: hold.id });

    // Its operation over, the busy one's scratch database goes too.
    const later = await cli("cleanup", "--failed-only", "--yes", "--database-prefix", prefix);
    expect(later.stdout).toContain("Removed 1 database, 0 tenant rows and 0 setup tokens.");
    expect(await databaseExists(busyScratch)).toBe(false);
  });
});
