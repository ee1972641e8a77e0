// `tenants migrate` across a fleet of real tenant databases: a new migration
// added to a copy of the tenant migrations folder, one tenant broken on
// purpose. The others are migrated, the broken one is reported, exit 1; a
// second run applies nothing to the healthy ones.
import { beforeAll, describe, expect, it } from "vitest";
import { landlord } from "@/lib/db/landlord";
import { readMigrations, TENANT_MIGRATIONS } from "@/lib/db/migrator";
import { connect } from "@/lib/db/server";
import type { Tenant } from "@/lib/generated/landlord/client";
import { DEFAULT_MIGRATE_CONCURRENCY } from "@/lib/operations/migrate";
import { captureIo } from "@/scripts/lib/cli/capture";
import { main } from "@/scripts/lib/cli/main";
import { provisionTestTenant, uniqueSlug } from "./helpers/applications";
import { tenantMigrationsWith } from "./helpers/migration-folder";
import { testServer } from "./helpers/server";

const TENANTS = 12;
const NEW_MIGRATION = "20991231000000_committee_notes";
// The tenant migrations of this checkout, before the test adds one.
const BASE = (await readMigrations(TENANT_MIGRATIONS)).length;
let fleet: Tenant[] = [];

async function cli(argv: string[], options: { tty?: boolean } = {}) {
  const out = captureIo({ tty: options.tty, columns: 100 });
  const code = await main(argv, out.io);
  return { code, stdout: out.stdout(), stderr: out.stderr() };
}

async function sql<T = Record<string, unknown>>(database: string, query: string): Promise<T[]> {
  const conn = await connect(testServer(), { database });
  try {
    return await conn.query(query);
  } finally {
    await conn.end();
  }
}

/** A copy of the tenant migrations with one more migration, which alters committee_users. */
function foldersWithNewMigration(): string {
  return tenantMigrationsWith({
    [NEW_MIGRATION]:
      "ALTER TABLE committee_users ADD COLUMN notes TEXT NULL;\nCREATE INDEX committee_users_committee_role_idx ON committee_users (committee_role);\n",
  });
}

async function applied(database: string, name: string) {
  return sql<{ n: bigint }>(
    database,
    `SELECT COUNT(*) AS n FROM _prisma_migrations WHERE migration_name = '${name}' AND finished_at IS NOT NULL`,
  ).then(([row]) => Number(row?.n));
}

beforeAll(async () => {
  for (let i = 0; i < TENANTS; i += 4) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(4, TENANTS - i) }, () => provisionTestTenant({ slug: uniqueSlug("mig") })),
    );
    fleet.push(...batch.map((b) => b.tenant));
  }
  fleet = fleet.sort((a, b) => a.slug.localeCompare(b.slug));
});

describe("migrate", () => {
  it("migrates every tenant but the broken one, reports it, exits 1; a second run applies nothing to the others", async () => {
    const dir = foldersWithNewMigration();
    const broken = fleet[5] as Tenant;
    await sql(broken.databaseName, "DROP TABLE committee_users");
    const healthy = fleet.filter((t) => t.id !== broken.id);

    const started = Date.now();
    const first = await cli(["migrate", "--dir", dir]);
    const elapsed = Date.now() - started;
    console.log(`migrate over ${TENANTS} tenants (concurrency 8): ${elapsed} ms`);

    expect(first.code).toBe(1);
    expect(first.stderr).toBe("");
    const out = first.stdout;
    expect(out).toMatch(
      new RegExp(`^Migrating \\d+ tenant databases, ${DEFAULT_MIGRATE_CONCURRENCY} at a time on each server\\.$`, "m"),
    );
    // Not a terminal: one plain progress line per tenant.
    for (const tenant of healthy) {
      expect(out).toMatch(
        new RegExp(
          `^\\[ ?\\d+/\\d+\\] ${tenant.slug} \\(${tenant.databaseName} on primary\\): applied ${NEW_MIGRATION}$`,
          "m",
        ),
      );
    }
    expect(out).toMatch(
      new RegExp(`^\\[ ?\\d+/\\d+\\] ${broken.slug} \\(${broken.databaseName} on primary\\): FAILED: `, "m"),
    );
    const failures = out.split("\n").filter((l) => l.startsWith("✖"));
    expect(failures).toEqual([
      `✖ ${broken.slug} (${broken.databaseName} on primary): Migration ${NEW_MIGRATION} failed on ${broken.databaseName}: ER_NO_SUCH_TABLE: Table '${broken.databaseName}.committee_users' doesn't exist`,
    ]);
    expect(out).toMatch(
      /\d+ tenants: \d+ migrated \(\d+ migrations applied\), 0 already up to date, 1 failed, 0 skipped in [\d.]+ s\. Latest migration: 20991231000000_committee_notes\./,
    );

    for (const tenant of healthy) {
      expect(await applied(tenant.databaseName, NEW_MIGRATION)).toBe(1);
      const columns = await sql<{ c: string }>(
        tenant.databaseName,
        "SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'committee_users' AND COLUMN_NAME = 'notes'",
      );
      expect(columns).toHaveLength(1);
    }
    expect(await applied(broken.databaseName, NEW_MIGRATION)).toBe(0);

    const audit = await landlord().auditLog.findFirst({
      where: { action: "tenant.migrated" },
      orderBy: { id: "desc" },
    });
    expect(audit?.actorType).toBe("operator");
    expect(audit?.context).toMatchObject({
      latest: NEW_MIGRATION,
      failed: 1,
      "up-to-date": 0,
      concurrency: DEFAULT_MIGRATE_CONCURRENCY,
      failures: [{ slug: broken.slug }],
    });

    // The second run: nothing for the healthy ones; the broken one is refused until someone repairs it.
    const second = await cli(["migrate", "--dir", dir, "--concurrency", "3"]);
    expect(second.code).toBe(1);
    for (const tenant of healthy) {
      expect(second.stdout).toMatch(
        new RegExp(`\\] ${tenant.slug} \\(${tenant.databaseName} on primary\\): up to date$`, "m"),
      );
      expect(await applied(tenant.databaseName, NEW_MIGRATION)).toBe(1);
    }
    expect(second.stdout).toContain(
      `✖ ${broken.slug} (${broken.databaseName} on primary): Migration ${NEW_MIGRATION} failed earlier`,
    );
    expect(second.stdout).toMatch(/: 0 migrated \(0 migrations applied\), \d+ already up to date, 1 failed, 0 skipped/);

    // migrate:status and health-check against the same folder tell the same story.
    const status = await cli(["migrate:status", "--dir", dir]);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(
      new RegExp(
        `^${broken.slug} +${broken.databaseName} +primary +${BASE}/${BASE + 1} +- +failed: ${NEW_MIGRATION}$`,
        "m",
      ),
    );
    expect(status.stdout).toMatch(
      new RegExp(`^${healthy[0]?.slug} +${healthy[0]?.databaseName} +primary +${BASE + 1}/${BASE + 1} +- +-$`, "m"),
    );
    const health = await cli(["health-check", "--dir", dir]);
    expect(health.code).toBe(1);
    expect(health.stdout).toContain(`✖ ${broken.slug}: migration ${NEW_MIGRATION} failed: ER_NO_SUCH_TABLE`);
    expect(health.stdout.split("\n").filter((l) => l.startsWith("✖"))).toHaveLength(1); // only the migration problem

    // Against the code's own folder the new migration is one this code does not know.
    const own = await cli(["migrate:status", "--slug", healthy[0]?.slug ?? ""]);
    expect(own.stdout).toContain(`unknown: ${NEW_MIGRATION}`);
  });

  it("--slug migrates one tenant, and a tenant whose database is missing fails without stopping the rest", async () => {
    const dir = foldersWithNewMigration();
    const [{ tenant: one }, { tenant: gone }] = await Promise.all([
      provisionTestTenant({ slug: uniqueSlug("mig-one") }),
      provisionTestTenant({ slug: uniqueSlug("mig-gone") }),
    ]);
    const single = await cli(["migrate", "--slug", one.slug, "--dir", dir]);
    expect(single.code).toBe(0);
    expect(single.stdout).toContain(
      `Migrating 1 tenant database, ${DEFAULT_MIGRATE_CONCURRENCY} at a time on each server.`,
    );
    expect(single.stdout).toContain(`[1/1] ${one.slug} (${one.databaseName} on primary): applied ${NEW_MIGRATION}`);
    expect(single.stdout).toContain(
      "1 tenant: 1 migrated (1 migration applied), 0 already up to date, 0 failed, 0 skipped",
    );
    const audit = await landlord().auditLog.findFirst({ where: { action: "tenant.migrated", tenantId: one.id } });
    expect(audit?.context).toMatchObject({ slug: one.slug, tenants: 1, migrated: 1 });

    const conn = await connect(testServer());
    await conn.query(`DROP DATABASE ${gone.databaseName}`);
    await conn.end();
    const fleetRun = await cli(["migrate", "--dir", dir, "--concurrency", "2"]);
    expect(fleetRun.code).toBe(1);
    expect(fleetRun.stdout).toContain(
      `✖ ${gone.slug} (${gone.databaseName} on primary): ER_BAD_DB_ERROR: Unknown database '${gone.databaseName}'`,
    );
    expect(fleetRun.stdout).toContain(`] ${one.slug} (${one.databaseName} on primary): up to date`);
    await landlord().tenant.update({ where: { id: gone.id }, data: { deletedAt: new Date() } });
  });

  it("draws a progress bar on a terminal, then prints the summary", async () => {
    const { code, stdout } = await cli(["migrate", "--concurrency", "4"], { tty: true });
    expect(code).toBe(0);
    expect(stdout).toMatch(/\r\[#+\] +\d+\/\d+ tenants/);
    expect(stdout).not.toMatch(/^\[ ?\d+\/\d+\] /m);
    expect(stdout).toMatch(/\r {99}\r\d+ tenants: 0 migrated/);
  });

  it("says so when an unknown slug is given, and handles --json", async () => {
    const missing = await cli(["migrate", "--slug", "not-a-tenant"]);
    expect(missing).toEqual({ code: 1, stdout: "", stderr: "✖ no tenant with slug not-a-tenant\n" });
    const json = await cli(["migrate", "--slug", fleet[0]?.slug ?? "", "--json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      concurrency: DEFAULT_MIGRATE_CONCURRENCY,
      counts: { migrated: 0, "up-to-date": 1, failed: 0, skipped: 0 },
      results: [{ slug: fleet[0]?.slug, outcome: "up-to-date", applied: [] }],
    });
  });
});
