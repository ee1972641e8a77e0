// The tenant console's verbs on the command line, on the same lib functions:
// `maintenance on|off`, `suspend|activate --reason`, `migrate:mark-rolled-back`,
// and `health-check` / `disk-usage` refreshing the snapshots the console reads.
import { beforeAll, describe, expect, it } from "vitest";
import { landlord } from "@/lib/db/landlord";
import { connect } from "@/lib/db/server";
import type { Tenant } from "@/lib/generated/landlord/client";
import { inMaintenance } from "@/lib/operations/maintenance";
import { captureIo } from "@/scripts/lib/cli/capture";
import { main } from "@/scripts/lib/cli/main";
import { provisionTestTenant, uniqueSlug } from "./helpers/applications";
import { testServer } from "./helpers/server";
import { tenantSessionFor, withFixedInitialPassword } from "./helpers/tenant-auth";

withFixedInitialPassword();

async function cli(...argv: string[]) {
  const out = captureIo();
  const code = await main(argv, out.io);
  return { code, stdout: out.stdout(), stderr: out.stderr() };
}

async function sql(database: string, query: string, values: unknown[] = []) {
  const conn = await connect(testServer(), { database });
  try {
    return await conn.query(query, values);
  } finally {
    await conn.end();
  }
}

const lastAudit = (tenantId: string, action: string) =>
  landlord().auditLog.findFirst({ where: { tenantId, action }, orderBy: { id: "desc" } });

let tenant: Tenant;
let email: string;

beforeAll(async () => {
  const provisioned = await provisionTestTenant({ slug: uniqueSlug("cli-con") });
  tenant = provisioned.tenant;
  email = provisioned.application.contactEmail;
});

describe("maintenance", () => {
  it("on with a message, an end and a reason; off again; each audited", async () => {
    const on = await cli(
      "maintenance",
      tenant.slug,
      "on",
      "--message",
      "Upgrading",
      "--until",
      "2999-01-01T00:00:00Z",
      "--reason",
      "Planned upgrade",
    );
    expect(on.stderr).toBe("");
    expect(on.code).toBe(0);
    expect(on.stdout).toMatch(
      new RegExp(
        `^Tenant ${tenant.slug} is in maintenance now, until 2999-01-01T00:00:00.000Z \\(hold [0-9a-f-]{36}\\)\\.\\n`,
      ),
    );
    expect(await inMaintenance(tenant.id)).toBe(true);
    expect((await lastAudit(tenant.id, "tenant.maintenance_started"))?.context).toMatchObject({
      message: "Upgrading",
      endsAt: "2999-01-01T00:00:00.000Z",
      reason: "Planned upgrade",
    });
    expect((await lastAudit(tenant.id, "tenant.maintenance_started"))?.actorType).toBe("operator");

    const twice = await cli("maintenance", tenant.slug, "on");
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain("is already in maintenance");

    const off = await cli("maintenance", tenant.slug.toUpperCase(), "off", "--reason", "Upgrade done");
    expect(off).toEqual({
      code: 0,
      stdout: `Ended 1 maintenance hold(s) of ${tenant.slug}.\nTenant ${tenant.slug} is out of maintenance.\n`,
      stderr: "",
    });
    expect(await inMaintenance(tenant.id)).toBe(false);
    expect((await lastAudit(tenant.id, "tenant.maintenance_ended"))?.context).toMatchObject({ reason: "Upgrade done" });

    const none = await cli("maintenance", tenant.slug, "off");
    expect(none).toEqual({
      code: 1,
      stdout: "",
      stderr: `✖ Tenant ${tenant.slug} is not in an admin's maintenance.\n`,
    });
  });

  it.each([
    [["maintenance", "x"], "maintenance takes exactly one tenant slug, then on or off"],
    [["maintenance", "x", "sideways"], 'maintenance takes on or off after the tenant slug (got "sideways")'],
    [
      ["maintenance", "x", "on", "--until", "soon"],
      '--until must be a date and time such as 2026-12-01T18:00Z (got "soon")',
    ],
    [["maintenance", "x", "off", "--message", "m"], "maintenance off takes no --message or --until"],
    [
      ["migrate:mark-rolled-back", "x"],
      "migrate:mark-rolled-back takes exactly one tenant slug, then the migration's name",
    ],
    [["migrate:mark-rolled-back", "x", "a;drop"], '"a;drop" is not a migration name'],
  ])("%j → usage and exit 2", async (argv, message) => {
    const result = await cli(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("maintenance <slug> on|off [--message M] [--until ISO] [--reason R]");
  });

  it("exits 1 for an unknown slug", async () => {
    expect(await cli("maintenance", "nope-nope", "on")).toEqual({
      code: 1,
      stdout: "",
      stderr: "✖ no tenant with slug nope-nope\n",
    });
  });
});

describe("suspend --reason", () => {
  it("keeps the reason in the audit entry and says how many open sessions it ended", async () => {
    const { tenant: other, application } = await provisionTestTenant({ slug: uniqueSlug("cli-sus") });
    await tenantSessionFor(other.slug, application.contactEmail, "Start1234!");
    const suspend = await cli("suspend", other.slug, "--reason", "Chargeback");
    expect(suspend).toEqual({
      code: 0,
      stdout: `Tenant ${other.slug} is now suspended (was active).\nSigned out 1 open session(s).\n`,
      stderr: "",
    });
    expect((await lastAudit(other.id, "tenant.suspended"))?.context).toEqual({
      slug: other.slug,
      from: "active",
      to: "suspended",
      reason: "Chargeback",
    });
    expect((await cli("activate", other.slug, "--reason", "Resolved")).code).toBe(0);
    expect((await lastAudit(other.id, "tenant.activated"))?.context).toMatchObject({ reason: "Resolved" });
  });
});

describe("migrate:mark-rolled-back", () => {
  it("marks a failed migration rolled back, audited; refuses one that did not fail", async () => {
    const name = "20990101000000_broken";
    await sql(
      tenant.databaseName,
      "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, logs) VALUES (UUID(), 'x', ?, NOW(3), 'boom')",
      [name],
    );
    const marked = await cli("migrate:mark-rolled-back", tenant.slug, name, "--reason", "Repaired by hand");
    expect(marked).toEqual({
      code: 0,
      stdout:
        `Marked ${name} rolled back in ${tenant.databaseName} (${tenant.slug}).\n` +
        `The next \`tenants migrate --slug ${tenant.slug}\` applies it again.\n`,
      stderr: "",
    });
    const [row] = await sql(
      tenant.databaseName,
      "SELECT rolled_back_at FROM _prisma_migrations WHERE migration_name = ?",
      [name],
    );
    expect(row.rolled_back_at).not.toBeNull();
    expect((await lastAudit(tenant.id, "tenant.migration_rolled_back"))?.context).toEqual({
      slug: tenant.slug,
      database: tenant.databaseName,
      migration: name,
      reason: "Repaired by hand",
    });

    const again = await cli("migrate:mark-rolled-back", tenant.slug, name);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      `✖ Migration ${name} has no failed, unresolved record in ${tenant.databaseName}: nothing to mark.\n`,
    );
    expect((await cli("migrate:mark-rolled-back", "nope-nope", name)).code).toBe(1);
    await sql(tenant.databaseName, "DELETE FROM _prisma_migrations WHERE migration_name = ?", [name]);
  });
});

describe("health-check and disk-usage", () => {
  it("refresh the snapshots the console reads, with their output as it was", async () => {
    await landlord().tenantSnapshot.deleteMany();
    const health = await cli("health-check", "--slug", tenant.slug);
    expect(health.code).toBe(0);
    expect(health.stdout).toMatch(new RegExp(`^${tenant.slug} +${tenant.databaseName} +primary +active +ok$`, "m"));
    expect(health.stderr).toBe("");
    expect(await landlord().tenantSnapshot.count()).toBe(1);
    expect(await landlord().tenantSnapshot.findUnique({ where: { tenantId: tenant.id } })).toMatchObject({
      healthOk: true,
    });

    const json = await cli("disk-usage", "--json");
    expect(json.code).toBe(0);
    expect(json.stderr).toBe(""); // a snapshot refresh that failed says why here
    const report = JSON.parse(json.stdout) as { tenants: { slug: string; totalBytes: number }[] };
    const live = await landlord().tenant.count({ where: { deletedAt: null, status: { in: ["active", "suspended"] } } });
    expect(await landlord().tenantSnapshot.count()).toBe(live);
    const mine = report.tenants.find((t) => t.slug === tenant.slug);
    const snapshot = await landlord().tenantSnapshot.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(Number(snapshot.databaseBytes)).toBe(mine?.totalBytes);
    expect(email).toBeTruthy();
  });
});
