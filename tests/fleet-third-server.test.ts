// Fleet work on a third server of this file's own (scripts/lib/extra-server.ts),
// so its general log and an outage disturb no other test file:
//   - health-check, migrate:status and disk-usage ask information_schema once
//     per server, never once per tenant (counted in the server's general log);
//   - a server that goes down in the middle of a fleet migration: the tenants
//     on the other server all finish; the lost server is reported once (with
//     why) and its unfinished tenants are skipped, not failed one by one.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listRegisteredServers, registerServer } from "@/lib/db/servers";
import type { Tenant } from "@/lib/generated/landlord/client";
import { diskUsage } from "@/lib/operations/disk-usage";
import { checkHealth } from "@/lib/operations/health";
import { migrateFleet, type TenantMigrateResult } from "@/lib/operations/migrate";
import { fleetMigrationStatus } from "@/lib/operations/migration-status";
import { type ExtraServer, startExtraServer } from "@/scripts/lib/extra-server";
import { provisionTestTenant, TEST_OPERATOR, uniqueSlug } from "./helpers/applications";
import { tenantMigrationsWith } from "./helpers/migration-folder";
import { placeNextOn, sqlOn } from "./helpers/servers";

let outage: ExtraServer;
const onPrimary: Tenant[] = [];
const onOutage: Tenant[] = [];

beforeAll(async () => {
  outage = await startExtraServer("test-outage", 3340);
  await listRegisteredServers();
  await registerServer({ name: "outage", host: "127.0.0.1", port: outage.port, user: "root", password: "" }, 100);
  for (const [name, list] of [
    ["outage", onOutage],
    ["primary", onPrimary],
  ] as const) {
    const undo = await placeNextOn(name);
    try {
      for (let i = 0; i < 4; i++) list.push((await provisionTestTenant({ slug: uniqueSlug(`down-${name}`) })).tenant);
    } finally {
      await undo();
    }
  }
}, 120_000);

afterAll(async () => {
  if (!outage) return;
  // Its data directory is kept for the next run's quick start: leave nothing of ours in it.
  const server = { host: "127.0.0.1", port: outage.port, user: "root", password: "" };
  const dbs = await sqlOn<{ name: string }>(
    server,
    "SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'tenant\\_%'",
  );
  for (const { name } of dbs) await sqlOn(server, `DROP DATABASE IF EXISTS \`${name}\``);
  const users = await sqlOn<{ name: string }>(server, "SELECT User AS name FROM mysql.user WHERE User LIKE 't\\_%'");
  for (const { name } of users) await sqlOn(server, `DROP USER IF EXISTS '${name}'@'%'`);
  await outage.stop();
});

/** The tenant migrations plus one that takes a while, so the outage lands mid-run. */
function slowMigration(): string {
  return tenantMigrationsWith({
    "20991231000000_slow_step": "DO SLEEP(0.6);\nALTER TABLE committee_users ADD COLUMN notes TEXT NULL;\n",
  });
}

describe("fleet reports on a server of their own", () => {
  // The server's general log, on only around each report (no other test file uses this server).
  async function queriesOf(report: () => Promise<unknown>): Promise<string[]> {
    const server = { host: "127.0.0.1", port: outage.port, user: "root", password: "" };
    await sqlOn(server, "SET GLOBAL log_output = 'TABLE'");
    await sqlOn(server, "TRUNCATE mysql.general_log");
    await sqlOn(server, "SET GLOBAL general_log = 1");
    try {
      await report();
    } finally {
      await sqlOn(server, "SET GLOBAL general_log = 0");
    }
    const rows = await sqlOn<{ q: Buffer | string }>(
      server,
      "SELECT argument AS q FROM mysql.general_log WHERE command_type = 'Query'",
    );
    return rows.map((r) => r.q.toString());
  }

  it("health-check, migrate:status and disk-usage ask information_schema once per server, never per tenant", async () => {
    for (const report of [() => checkHealth(), () => fleetMigrationStatus(), () => diskUsage()]) {
      const queries = await queriesOf(report);
      const schemaQueries = queries.filter((q) => /information_schema/i.test(q));
      expect(queries.length).toBeGreaterThan(0); // the log saw the report's own queries
      expect(schemaQueries.length).toBeLessThanOrEqual(3);
      // One query may name them all (disk-usage's grouped sizes); none names a single tenant.
      const naming = (q: string) => onOutage.filter((t) => q.includes(t.databaseName)).length;
      expect(schemaQueries.filter((q) => naming(q) > 0 && naming(q) < onOutage.length)).toEqual([]);
    }
  });
});

describe("a server going down mid fleet-migration", () => {
  it("is reported once while the other server's tenants finish; its unfinished tenants are skipped", async () => {
    const results: TenantMigrateResult[] = [];
    let paused: Promise<void> | undefined;
    const report = await migrateFleet({
      actor: TEST_OPERATOR,
      dir: slowMigration(),
      concurrency: 1,
      onResult: (result) => {
        results.push(result);
        // The first tenant of the outage server is done: take the server away under the rest.
        if (!paused && result.server === "outage") paused = outage.pause();
      },
    });
    await paused;

    const mine = (list: Tenant[]) => report.results.filter((r) => list.some((t) => t.slug === r.slug));
    expect(mine(onPrimary).map((r) => r.outcome)).toEqual(["migrated", "migrated", "migrated", "migrated"]);
    const lost = mine(onOutage);
    expect(lost.filter((r) => r.outcome === "migrated").length).toBeGreaterThanOrEqual(1);
    expect(lost.filter((r) => r.outcome === "failed")).toEqual([]);
    expect(lost.filter((r) => r.outcome === "skipped").length).toBeGreaterThanOrEqual(2);
    expect(report.downServers).toEqual([
      expect.objectContaining({ name: "outage", reason: expect.stringMatching(/^went away during the run: /) }),
    ]);

    // Back up again, the next run finishes what was skipped and nothing else.
    await outage.start();
    await sleep(200);
    const again = await migrateFleet({ actor: TEST_OPERATOR, dir: slowMigration(), concurrency: 4 });
    expect(again.downServers).toEqual([]);
    expect(again.counts.failed).toBe(0);
    expect(mine(onPrimary).length).toBe(4);
    const migratedNow = again.results.filter((r) => r.outcome === "migrated").map((r) => r.slug);
    expect(migratedNow.sort()).toEqual(
      lost
        .filter((r) => r.outcome !== "migrated")
        .map((r) => r.slug)
        .sort(),
    );
  }, 120_000);
});
