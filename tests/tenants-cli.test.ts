// The `tenants` command line against real tenant databases: a dozen tenants
// provisioned by the real workflow, then each command's output and exit status.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { landlord } from "@/lib/db/landlord";
import { readMigrations, TENANT_MIGRATIONS } from "@/lib/db/migrator";
import { connect } from "@/lib/db/server";
import { resetEnvCache } from "@/lib/env";
import type { Tenant } from "@/lib/generated/landlord/client";
import { captureIo } from "@/scripts/lib/cli/capture";
import { main } from "@/scripts/lib/cli/main";
import { provisionTestTenant, uniqueSlug } from "./helpers/applications";
import { testServer } from "./helpers/server";
import { databaseExists } from "./helpers/tenant-state";

const TENANTS = 12;
let fleet: Tenant[] = [];

async function cli(...argv: string[]) {
  const out = captureIo();
  const code = await main(argv, out.io);
  return { code, stdout: out.stdout(), stderr: out.stderr() };
}

async function sql(database: string, query: string): Promise<unknown[]> {
  const conn = await connect(testServer(), { database });
  try {
    return await conn.query(query);
  } finally {
    await conn.end();
  }
}

/** Soft-deletes a tenant a test broke on purpose, so fleet-wide checks of later tests see only healthy ones. */
async function retire(tenant: Tenant) {
  await landlord().tenant.update({ where: { id: tenant.id }, data: { deletedAt: new Date() } });
}

beforeAll(async () => {
  const started = Date.now();
  for (let i = 0; i < TENANTS; i += 4) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(4, TENANTS - i) }, () => provisionTestTenant({ slug: uniqueSlug("cli") })),
    );
    fleet.push(...batch.map((b) => b.tenant));
  }
  fleet = fleet.sort((a, b) => a.slug.localeCompare(b.slug));
  console.log(`provisioned ${TENANTS} tenants in ${Date.now() - started} ms`);
});

describe("list", () => {
  it("prints every tenant in an aligned table with slug, name, database, status and creation time", async () => {
    const { code, stdout, stderr } = await cli("list");
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const lines = stdout.split("\n");
    const header = lines[0] ?? "";
    expect(header).toMatch(/^SLUG\s+NAME\s+DATABASE\s+STATUS\s+CREATED \(UTC\)$/);
    for (const tenant of fleet) {
      const line = lines.find((l) => l.startsWith(`${tenant.slug} `));
      expect(line, tenant.slug).toBeDefined();
      expect(line).toContain(tenant.name);
      expect(line).toContain(tenant.databaseName);
      expect(line).toMatch(/ active +\d{4}-\d\d-\d\d \d\d:\d\d$/);
      // Columns line up under their headers.
      expect(line?.indexOf(tenant.databaseName)).toBe(header.indexOf("DATABASE"));
    }
    expect(stdout).toMatch(/\n\d+ tenants\.\n$/);
  });

  it("--json gives the same tenants as data", async () => {
    const { code, stdout } = await cli("list", "--json");
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as { slug: string; database: string; status: string; createdAt: string }[];
    for (const tenant of fleet) {
      expect(rows).toContainEqual(
        expect.objectContaining({
          slug: tenant.slug,
          database: tenant.databaseName,
          status: "active",
          name: tenant.name,
        }),
      );
    }
    expect(rows.every((r) => !Number.isNaN(Date.parse(r.createdAt)))).toBe(true);
  });

  it("--status filters, and refuses a status that does not exist", async () => {
    const { tenant } = await provisionTestTenant({ slug: uniqueSlug("cli-sus") });
    expect((await cli("suspend", tenant.slug)).code).toBe(0);
    const suspended = await cli("list", "--status", "suspended", "--json");
    expect(JSON.parse(suspended.stdout).map((t: { slug: string }) => t.slug)).toContain(tenant.slug);
    const active = await cli("list", "--status", "active");
    expect(active.stdout).not.toContain(tenant.slug);
    expect(active.stdout).toContain(fleet[0]?.slug);
    await cli("activate", tenant.slug);

    const bad = await cli("list", "--status", "sleeping");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--status must be one of active, inactive, suspended (got "sleeping")');
    expect(bad.stderr).toContain("Usage: npm run tenants -- <command>");
  });
});

describe("health-check", () => {
  it("is green for healthy tenants: exit 0, one row each", async () => {
    const { code, stdout } = await cli("health-check");
    expect(code).toBe(0);
    for (const tenant of fleet)
      expect(stdout).toMatch(new RegExp(`^${tenant.slug} +${tenant.databaseName} +primary +active +ok$`, "m"));
    expect(stdout).toMatch(/All \d+ tenants healthy\./);
    const json = JSON.parse((await cli("health-check", "--json")).stdout);
    expect(json.healthy).toBe(true);
  });

  it("reports one line per problem and exits 1: missing admin, pending and changed migrations, missing database", async () => {
    const broken = await Promise.all([
      provisionTestTenant({ slug: uniqueSlug("cli-bad") }),
      provisionTestTenant({ slug: uniqueSlug("cli-bad") }),
    ]);
    const [a, b] = broken.map((x) => x.tenant) as [Tenant, Tenant];
    try {
      await sql(a.databaseName, "DELETE FROM user_roles");
      await sql(a.databaseName, "DELETE FROM tenant_users");
      await sql(a.databaseName, "DELETE FROM _prisma_migrations WHERE migration_name = '20261127000100_seed_roles'");
      await sql(
        a.databaseName,
        "UPDATE _prisma_migrations SET checksum = 'x' WHERE migration_name = '20261127000000_init'",
      );
      const conn = await connect(testServer());
      await conn.query(`DROP DATABASE ${b.databaseName}`);
      await conn.end();

      const { code, stdout } = await cli("health-check");
      expect(code).toBe(1);
      const problems = stdout.split("\n").filter((l) => l.startsWith("✖"));
      expect(problems.sort()).toEqual(
        [
          `✖ ${a.slug}: 1 pending migration(s): 20261127000100_seed_roles`,
          `✖ ${a.slug}: migration 20261127000000_init was changed after it was applied`,
          `✖ ${a.slug}: no initial admin (tenant_users with metadata.is_initial_admin)`,
          `✖ ${b.slug}: database ${b.databaseName} does not exist`,
        ].sort(),
      );
      expect(stdout).toMatch(new RegExp(`^${a.slug} .* 3 problems$`, "m"));
      expect(stdout).toContain("4 problems in 2 of");
      for (const tenant of fleet) expect(stdout).toMatch(new RegExp(`^${tenant.slug} .* ok$`, "m"));

      const one = await cli("health-check", "--slug", b.slug, "--json");
      expect(one.code).toBe(1);
      expect(JSON.parse(one.stdout)).toEqual({
        healthy: false,
        downServers: [],
        tenants: [
          {
            slug: b.slug,
            database: b.databaseName,
            server: "primary",
            status: "active",
            problems: [`database ${b.databaseName} does not exist`],
          },
        ],
      });
    } finally {
      await retire(a);
      await retire(b);
    }
  });

  it("checks suspended tenants too, and says so for an unknown slug", async () => {
    const { tenant } = await provisionTestTenant({ slug: uniqueSlug("cli-hs") });
    await cli("suspend", tenant.slug);
    const { code, stdout } = await cli("health-check", "--slug", tenant.slug);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^${tenant.slug} +${tenant.databaseName} +primary +suspended +ok$`, "m"));
    const unknown = await cli("health-check", "--slug", "no-such-tenant");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe("✖ no tenant with slug no-such-tenant\n");
  });
});

describe("migrate:status", () => {
  it("shows every tenant up to date with the latest migration", async () => {
    const { code, stdout } = await cli("migrate:status");
    expect(code).toBe(0);
    const all = (await readMigrations(TENANT_MIGRATIONS)).map((m) => m.name);
    const n = all.length;
    expect(stdout).toMatch(new RegExp(`^Latest migration: ${all.at(-1)} \\(${n} migrations\\)\\.`));
    expect(stdout).toMatch(/^SLUG +DATABASE +SERVER +APPLIED +PENDING +DRIFT$/m);
    for (const tenant of fleet) {
      expect(stdout).toMatch(new RegExp(`^${tenant.slug} +${tenant.databaseName} +primary +${n}/${n} +- +-$`, "m"));
    }
    const json = JSON.parse((await cli("migrate:status", "--json")).stdout);
    expect(json.migrations).toEqual(all);
    expect(json.tenants.find((t: { slug: string }) => t.slug === fleet[0]?.slug)).toMatchObject({
      exists: true,
      applied: all,
      pending: [],
      changed: [],
      failed: [],
    });
  });
});

describe("disk-usage", () => {
  it("lists data and index size per tenant database, largest first, with the total", async () => {
    const { tenant: big } = await provisionTestTenant({ slug: uniqueSlug("cli-big") });
    await sql(big.databaseName, "CREATE TABLE ballast (id INT PRIMARY KEY AUTO_INCREMENT, b LONGBLOB) ENGINE=InnoDB");
    for (let i = 0; i < 4; i++) await sql(big.databaseName, "INSERT INTO ballast (b) VALUES (REPEAT('x', 1000000))");
    await sql(big.databaseName, "ANALYZE TABLE ballast");

    const json = await cli("disk-usage", "--json");
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as {
      tenants: { slug: string; totalBytes: number; dataBytes: number; indexBytes: number; tables: number }[];
      total: { totalBytes: number; dataBytes: number; indexBytes: number };
    };
    expect(report.tenants[0]?.slug).toBe(big.slug);
    expect(report.tenants[0]?.dataBytes).toBeGreaterThan(3_000_000);
    const totals = report.tenants.map((t) => t.totalBytes);
    expect(totals).toEqual([...totals].sort((x, y) => y - x));
    expect(report.total.totalBytes).toBe(totals.reduce((s, n) => s + n, 0));
    for (const tenant of fleet) {
      const row = report.tenants.find((t) => t.slug === tenant.slug);
      expect(row?.tables).toBeGreaterThanOrEqual(9);
      expect(row?.indexBytes).toBeGreaterThan(0);
    }

    const { code, stdout } = await cli("disk-usage");
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^SLUG +DATABASE +SERVER +TABLES +DATA +INDEX +TOTAL$/);
    expect(lines[1]).toMatch(
      // The tenant migrations' tables and the ballast.
      new RegExp(
        `^${big.slug} +${big.databaseName} +primary +${report.tenants[0]?.tables} +\\d+\\.\\d MiB +\\d+\\.\\d KiB +\\d+\\.\\d MiB$`,
      ),
    );
    expect(lines.at(-2)).toMatch(/^-+$/);
    expect(lines.at(-1)).toMatch(new RegExp(`^TOTAL \\(${report.tenants.length} tenants\\) +\\d+ +[\\d.]+ MiB`));
    // Right-aligned sizes end in the same column.
    expect(new Set(lines.filter((l) => !/^-+$/.test(l)).map((l) => l.length)).size).toBe(1);
  });
});

describe("suspend / activate", () => {
  it("changes the status, says what changed, and audits it as the operator", async () => {
    const { tenant } = await provisionTestTenant({ slug: uniqueSlug("cli-st") });
    const suspend = await cli("suspend", tenant.slug);
    expect(suspend).toEqual({ code: 0, stdout: `Tenant ${tenant.slug} is now suspended (was active).\n`, stderr: "" });
    expect((await landlord().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).status).toBe("suspended");

    const again = await cli("suspend", tenant.slug.toUpperCase());
    expect(again.stdout).toBe(`Tenant ${tenant.slug} is already suspended; nothing changed.\n`);

    const activate = await cli("activate", tenant.slug);
    expect(activate.stdout).toBe(`Tenant ${tenant.slug} is now active (was suspended).\n`);
    expect((await landlord().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).status).toBe("active");

    const entries = await landlord().auditLog.findMany({
      where: { tenantId: tenant.id, action: { startsWith: "tenant." } },
      orderBy: { id: "asc" },
    });
    expect(entries.map((e) => [e.action, e.actorType, e.context])).toEqual([
      ["tenant.suspended", "operator", { slug: tenant.slug, from: "active", to: "suspended" }],
      ["tenant.activated", "operator", { slug: tenant.slug, from: "suspended", to: "active" }],
    ]);
    expect(entries[0]?.actorLabel).toBeTruthy();
  });

  it("exits 1 for an unknown slug", async () => {
    for (const command of ["suspend", "activate"]) {
      const result = await cli(command, "nope-nope");
      expect(result).toEqual({ code: 1, stdout: "", stderr: "✖ no tenant with slug nope-nope\n" });
    }
  });
});

describe("usage", () => {
  it.each([
    [["frobnicate"], 'unknown command "frobnicate"'],
    [[], "no command given"],
    [["list", "--bogus"], "list: Unknown option '--bogus'"],
    [["migrate", "--concurrency"], "migrate: Option '--concurrency <value>' argument missing"],
    [["migrate", "--concurrency", "0"], '--concurrency must be a whole number from 1 to 64 (got "0")'],
    [["migrate", "--concurrency", "lots"], '--concurrency must be a whole number from 1 to 64 (got "lots")'],
    [["list", "extra"], 'list takes no arguments (got "extra")'],
    [["suspend"], "suspend takes exactly one tenant slug"],
    [["activate", "a", "b"], "activate takes exactly one tenant slug"],
    [["cleanup"], "cleanup needs --failed-only"],
    [["cleanup", "--yes"], "cleanup needs --failed-only"],
    [["reset"], "reset drops every tenant database and tenant row; add --force to do it"],
    [["migrate", "--dir", "/nonexistent/migrations"], "Cannot read the migrations folder /nonexistent/migrations"],
  ])("%j → usage and exit 2", async (argv, message) => {
    const { code, stdout, stderr } = await cli(...argv);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
    expect(stderr).toContain("Usage: npm run tenants -- <command> [options]");
    expect(stderr).toContain("cleanup --failed-only [--yes]");
  });

  it("--help prints the usage on stdout and exits 0", async () => {
    for (const argv of [["--help"], ["help"], ["migrate", "--help"]]) {
      const { code, stdout } = await cli(...argv);
      expect(code).toBe(0);
      expect(stdout).toContain("Usage: npm run tenants -- <command> [options]");
    }
  });
});

describe("reset", () => {
  it("is refused in production (an https APP_URL that is not this machine) and touches nothing", async () => {
    vi.stubEnv("APP_URL", "https://vote.example.org");
    resetEnvCache();
    try {
      const { code, stderr } = await cli("reset", "--force");
      expect(code).toBe(1);
      expect(stderr).toBe("✖ reset is for development only: refused because https://vote.example.org is production.\n");
    } finally {
      vi.unstubAllEnvs();
      resetEnvCache();
    }
    expect(await landlord().tenant.count({ where: { id: { in: fleet.map((t) => t.id) } } })).toBe(TENANTS);
    for (const tenant of fleet.slice(0, 3)) expect(await databaseExists(tenant.databaseName)).toBe(true);
  });
});

describe("the real command (tsx scripts/tenants.ts, as npm run tenants runs it)", () => {
  const exec = promisify(execFile);
  async function spawn(args: string[], env: Record<string, string> = {}) {
    try {
      const { stdout, stderr } = await exec(
        "npx",
        ["tsx", "--import", "./scripts/node/hooks.mjs", "scripts/tenants.ts", ...args],
        {
          env: { ...process.env, ...env },
          timeout: 60_000,
        },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code?: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it("exits 2 with the usage for an unknown command, 0 for list --json", async () => {
    const [bad, list] = await Promise.all([spawn(["nonsense"]), spawn(["list", "--json"])]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('tenants: unknown command "nonsense"');
    expect(bad.stderr).toContain("Usage: npm run tenants -- <command> [options]");
    expect(list.code).toBe(0);
    const slugs = (JSON.parse(list.stdout) as { slug: string }[]).map((t) => t.slug);
    for (const tenant of fleet) expect(slugs).toContain(tenant.slug);
  });

  it("refuses reset --force in production with exit 1", async () => {
    const { code, stderr } = await spawn(["reset", "--force"], { APP_URL: "https://vote.example.org" });
    expect(code).toBe(1);
    expect(stderr).toContain("reset is for development only: refused because https://vote.example.org is production.");
    expect(await landlord().tenant.count({ where: { id: { in: fleet.map((t) => t.id) } } })).toBe(TENANTS);
  });
});
