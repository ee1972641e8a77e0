// `tenants restore` against real tenant databases: the tenant switched to a
// new database in one landlord update and every request (in this process and
// in another) reaching it at once, the old one kept as `previous` until
// dropped, a side-by-side copy under another slug, a backup from an older
// schema migrated forward and one from a newer schema refused, and the
// maintenance hold a restore takes (fleet migrations skip it, not an admin's).

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { requireTenantSession } from "@/lib/auth/tenant";
import { landlord } from "@/lib/db/landlord";
import { hasTenantClient, tenantCacheStats, tenantClient, withTenantConnection } from "@/lib/db/tenant-clients";
import { tenantUsername } from "@/lib/db/tenant-credentials";
import type { Tenant } from "@/lib/generated/landlord/client";
import { activeHolds, placeHold, releaseHold } from "@/lib/operations/maintenance";
import { findOpenTenant } from "@/lib/tenant-auth/tenants";
import { provisionTestTenant, TEST_OPERATOR, uniqueSlug } from "./helpers/applications";
import { addRows, backupsOf, cli, sql, tempBackupDir } from "./helpers/backups";
import { tenantMigrationsWith } from "./helpers/migration-folder";
import { tenantSessionFor, welcomeSecrets } from "./helpers/tenant-auth";
import { databaseExists } from "./helpers/tenant-state";
import { boundary } from "./setup/request-boundary";

tempBackupDir();

async function committeeEmails(database: string): Promise<string[]> {
  return (await sql<{ email: string }>(database, "SELECT email FROM committee_users ORDER BY id")).map((r) => r.email);
}

async function row(id: string): Promise<Tenant> {
  return landlord().tenant.findUniqueOrThrow({ where: { id } });
}

describe("restore in place", () => {
  let tenant: Tenant;
  let original: string[];
  let session: Awaited<ReturnType<typeof tenantSessionFor>>;
  let signedOut: Awaited<ReturnType<typeof tenantSessionFor>>;

  beforeAll(async () => {
    ({ tenant } = await provisionTestTenant({ slug: uniqueSlug("rs") }));
    await addRows(tenant.databaseName, 500);
    original = await committeeEmails(tenant.databaseName);
    const { initialPassword } = await welcomeSecrets(tenant.id);
    session = await tenantSessionFor(tenant.slug, tenant.email, initialPassword);
    signedOut = await tenantSessionFor(tenant.slug, tenant.email, initialPassword);
    expect((await cli("backup", tenant.slug)).code).toBe(0);
    // What happens after the backup, and the restore takes back.
    await sql(tenant.databaseName, "UPDATE tenant_sessions SET revoked_at = NOW(3) WHERE id = ?", [
      signedOut.sessionId,
    ]);
    await sql(tenant.databaseName, "DELETE FROM committee_users WHERE id % 2 = 0");
    await addRows(tenant.databaseName, 7, "late");
  });

  it("switches the tenant to a verified new database and keeps the old one as previous", async () => {
    // A client of the old database cached before the restore (as any portal process may hold).
    const stale = tenantClient(tenant);
    expect(await stale.committeeUser.count()).toBe(257);

    expect(hasTenantClient(tenant.databaseName)).toBe(true);
    const { code, stdout } = await cli("restore", tenant.slug);
    expect(code).toBe(0);
    expect(hasTenantClient(tenant.databaseName)).toBe(false);
    const [backup] = await backupsOf(tenant.id);
    const now = await row(tenant.id);
    expect(now.databaseName).toMatch(new RegExp(`^${tenant.databaseName}__r[0-9a-f]{10}$`));
    expect(stdout).toContain(
      `Restored ${tenant.slug} from backup ${backup?.id} into ${now.databaseName}; it is the tenant's database now`,
    );
    expect(stdout).toContain(
      `The previous database ${tenant.databaseName} is kept; drop it with \`tenants restore:drop-previous ${tenant.slug}\`.`,
    );
    expect(await committeeEmails(now.databaseName)).toEqual(original);
    expect(await committeeEmails(tenant.databaseName)).toHaveLength(257); // the old one untouched
    expect(now.status).toBe("active");

    const catalog = await landlord().databaseCatalogEntry.findMany({
      where: { tenantId: tenant.id, kind: "database" },
      orderBy: { name: "asc" },
    });
    expect(catalog.map((e) => [e.name, e.role])).toEqual([
      [tenant.databaseName, "previous"],
      [now.databaseName, "current"],
    ]);
    expect(await activeHolds(tenant.id)).toEqual([]);
    const audit = await landlord().auditLog.findFirst({ where: { action: "tenant.restored", tenantId: tenant.id } });
    expect(audit?.context).toMatchObject({
      backupId: backup?.id,
      previous: tenant.databaseName,
      database: now.databaseName,
    });
    const holds = await landlord().auditLog.findMany({
      where: { tenantId: tenant.id, action: { startsWith: "tenant.hold_" } },
    });
    expect(holds.map((h) => h.action)).toEqual(["tenant.hold_placed", "tenant.hold_released"]);
  });

  it("is reached by the next request: the tenant row names the new database, the old client is gone", async () => {
    const now = await row(tenant.id);
    const open = await findOpenTenant(tenant.slug);
    expect(open?.databaseName).toBe(now.databaseName);
    expect(await tenantClient(open as Tenant).committeeUser.count()).toBe(original.length);
    // The signed-in user's session row was restored with the data: their next request goes through, on the new database.
    boundary.session = session.session;
    const request = await requireTenantSession(tenant.slug, { allowPendingPasswordChange: true });
    expect(await request.db.committeeUser.count()).toBe(original.length);
    // A session ended after the backup stays ended: the restore does not bring it back.
    boundary.session = signedOut.session;
    await expect(requireTenantSession(tenant.slug, { allowPendingPasswordChange: true })).rejects.toThrow();
    boundary.session = null;
    expect(tenantCacheStats().clients).toBeGreaterThan(0);
    // Through its own database user, granted on the new database.
    const user = await withTenantConnection(open as Tenant, async (conn) => {
      const [first] = (await conn.query("SELECT CURRENT_USER() AS who")) as { who: string }[];
      return first?.who;
    });
    expect(user).toBe(`${tenantUsername(tenant.id, "a")}@%`);
  });

  it("another portal process sees the new database on its next request", async () => {
    const now = await row(tenant.id);
    const { stdout } = await promisify(execFile)(
      "npx",
      [
        "tsx",
        "--import",
        "./scripts/node/hooks.mjs",
        "scripts/tenants.ts",
        "health-check",
        "--slug",
        tenant.slug,
        "--json",
      ],
      { env: process.env, timeout: 60_000 },
    );
    const report = JSON.parse(stdout) as { tenants: { database: string; problems: string[] }[] };
    expect(report.tenants).toEqual([expect.objectContaining({ database: now.databaseName, problems: [] })]);
  });

  it("restore:drop-previous drops the kept database; restore --drop-previous does it at once", async () => {
    const dropped = await cli("restore:drop-previous", tenant.slug);
    expect(dropped.stdout).toBe(`Dropped ${tenant.databaseName}.\n`);
    expect(await databaseExists(tenant.databaseName)).toBe(false);
    const before = await row(tenant.id);
    const again = await cli("restore", tenant.slug, "--drop-previous");
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`The previous database ${before.databaseName} was dropped.`);
    expect(await databaseExists(before.databaseName)).toBe(false);
    const after = await row(tenant.id);
    expect(await committeeEmails(after.databaseName)).toEqual(original);
    const roles = await landlord().databaseCatalogEntry.findMany({ where: { tenantId: tenant.id, kind: "database" } });
    expect(roles.map((e) => [e.name, e.role])).toEqual([[after.databaseName, "current"]]);
  });
});

describe("restore --as", () => {
  it("restores side by side under a new slug: an inactive tenant of its own, the original untouched", async () => {
    const { tenant } = await provisionTestTenant({ slug: uniqueSlug("rs-src") });
    await addRows(tenant.databaseName, 20);
    await cli("backup", tenant.slug);
    const copySlug = uniqueSlug("rs-copy");
    const emailsBefore = await landlord().emailOutbox.count();
    const { code, stdout } = await cli("restore", tenant.slug, "--as", copySlug);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      new RegExp(`^Restored backup [0-9a-f-]{36} side by side as ${copySlug} \\(tenant_.*__r[0-9a-f]{10}, inactive\\)`),
    );
    const copy = await landlord().tenant.findUniqueOrThrow({ where: { slug: copySlug } });
    expect(copy.status).toBe("inactive");
    expect(await committeeEmails(copy.databaseName)).toEqual(await committeeEmails(tenant.databaseName));
    expect((await row(tenant.id)).databaseName).toBe(tenant.databaseName);
    expect(await findOpenTenant(copySlug)).toBeNull();
    const activate = await cli("activate", copySlug);
    expect(activate.code).toBe(1); // never active: it has no provisioned application
    expect(await landlord().emailOutbox.count()).toBe(emailsBefore); // never emailed
    const entry = await landlord().databaseCatalogEntry.findFirstOrThrow({ where: { name: copy.databaseName } });
    expect(entry).toMatchObject({ role: "current", tenantId: copy.id });
    // The copy has a database user of its own, on its own database only.
    expect(copy.credentialSlot).toBe("a");
    expect(await tenantClient(copy).committeeUser.count()).toBe(20);
    await expect(
      withTenantConnection(copy, (conn) => conn.query(`SELECT 1 FROM \`${tenant.databaseName}\`.committee_users`)),
    ).rejects.toThrow(/denied/);
    // The slug is taken now.
    const twice = await cli("restore", tenant.slug, "--as", copySlug);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(`The slug ${copySlug} is already taken.`);
  });
});

describe("schemas", () => {
  it("migrates a backup taken at an older migration forward after restoring it", async () => {
    const { tenant } = await provisionTestTenant({ slug: uniqueSlug("rs-old") });
    const last = "20261128000000_initial_password_expiry";
    // The database as it was before the last tenant migration existed.
    await sql(
      tenant.databaseName,
      `ALTER TABLE tenant_users DROP COLUMN password_expires_at; DELETE FROM _prisma_migrations WHERE migration_name = '${last}'`,
    );
    await cli("backup", tenant.slug);
    const { code, stdout } = await cli("restore", tenant.slug, "--json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout).migrated).toEqual([last]);
    const now = await row(tenant.id);
    const columns = await sql(now.databaseName, "SHOW COLUMNS FROM tenant_users LIKE 'password_expires_at'");
    expect(columns).toHaveLength(1);
  });

  it("refuses a backup from a newer schema than this code knows, and changes nothing", async () => {
    const { tenant } = await provisionTestTenant({ slug: uniqueSlug("rs-new") });
    const future = tenantMigrationsWith({
      "20991231000000_from_the_future": "ALTER TABLE `roles` ADD COLUMN `colour` VARCHAR(16) NULL;",
    });
    expect((await cli("migrate", "--slug", tenant.slug, "--dir", future)).code).toBe(0);
    await cli("backup", tenant.slug);
    const { code, stderr } = await cli("restore", tenant.slug);
    expect(code).toBe(1);
    expect(stderr).toContain(
      "This backup comes from a newer schema than this portal knows (migration 20991231000000_from_the_future); upgrade the portal, then restore.",
    );
    expect((await row(tenant.id)).databaseName).toBe(tenant.databaseName);
    expect(
      await landlord().databaseCatalogEntry.count({ where: { tenantId: tenant.id, role: { not: "current" } } }),
    ).toBe(0);
    // With the newer code (the folder that knows the migration) it restores.
    expect((await cli("restore", tenant.slug, "--dir", future)).code).toBe(0);
  });

  it("refuses to restore a deleted tenant in place (a copy with --as is fine)", async () => {
    const { tenant } = await provisionTestTenant({ slug: uniqueSlug("rs-del") });
    await cli("backup", tenant.slug);
    await landlord().tenant.update({ where: { id: tenant.id }, data: { deletedAt: new Date() } });
    const { code, stderr } = await cli("restore", tenant.slug);
    expect(code).toBe(1);
    expect(stderr).toContain(`Tenant ${tenant.slug} is deleted: undelete it first, or restore a copy with --as.`);
  });
});

describe("maintenance holds", () => {
  it("are a set: the tenant is in maintenance while any is in force; releasing one keeps the others", async () => {
    const { tenant } = await provisionTestTenant({ slug: uniqueSlug("mh") });
    const admin = await placeHold(
      { tenantId: tenant.id, kind: "admin", owner: "admin:1", message: "Upgrading" },
      TEST_OPERATOR,
    );
    const restore = await placeHold({ tenantId: tenant.id, kind: "restore", owner: "restore x" }, TEST_OPERATOR);
    await placeHold(
      { tenantId: tenant.id, kind: "admin", owner: "admin:2", endsAt: new Date(Date.now() - 1000) },
      TEST_OPERATOR,
    );
    expect((await activeHolds(tenant.id)).map((h) => h.owner)).toEqual(["admin:1", "restore x"]);

    // Fleet migrations skip a tenant a restore holds, with the reason, but not one an admin holds.
    const held = await cli("migrate", "--slug", tenant.slug);
    expect(held.code).toBe(0);
    expect(held.stdout).toContain(
      `- ${tenant.slug} (${tenant.databaseName}): skipped, in maintenance for a restore (restore x)`,
    );
    expect(await releaseHold(restore.id, TEST_OPERATOR)).toBe(true);
    expect(await releaseHold(restore.id, TEST_OPERATOR)).toBe(false);
    expect((await activeHolds(tenant.id)).map((h) => h.id)).toEqual([admin.id]);
    const adminOnly = await cli("migrate", "--slug", tenant.slug);
    expect(adminOnly.stdout).toContain("1 already up to date, 0 failed, 0 skipped");
  });
});
