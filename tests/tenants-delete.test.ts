// Deletion in two steps against real tenants: `delete` backs up and verifies
// first (and refuses when that fails), then suspends, signs everyone out and
// marks the tenant deleted with its slug held; `undelete` brings it back as it
// was; `purge` after the grace period drops its databases, keeps its final
// backup, releases the slug only with --release-slug, and finishes a purge
// that stopped half way.

import { createWriteStream } from "node:fs";
import { Transform } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { landlord } from "@/lib/db/landlord";
import { withServerConnection } from "@/lib/db/server";
import { tenantClient } from "@/lib/db/tenant-clients";
import { databaseUserExists, tenantUsername } from "@/lib/db/tenant-credentials";
import { backupDisk } from "@/lib/operations/backups/file";
import { pruneBackups } from "@/lib/operations/backups/prune";
import { listBackups } from "@/lib/operations/backups/records";
import { isSlugTaken } from "@/lib/platform/applications/slug-availability";
import { findOpenTenant } from "@/lib/tenant-auth/tenants";
import { provisionTestTenant, TEST_OPERATOR, uniqueSlug } from "./helpers/applications";
import { backupsOf, cli, sql, tempBackupDir } from "./helpers/backups";
import { testServer } from "./helpers/server";
import { tenantSessionFor, welcomeSecrets } from "./helpers/tenant-auth";
import { databaseExists } from "./helpers/tenant-state";

tempBackupDir();
afterEach(() => vi.restoreAllMocks());

async function userExists(user: string): Promise<boolean> {
  return withServerConnection(testServer(), (conn) => databaseUserExists(conn, user));
}

async function signedIn(tenant: { id: string; slug: string; email: string }) {
  const { initialPassword } = await welcomeSecrets(tenant.id);
  return tenantSessionFor(tenant.slug, tenant.email, initialPassword);
}

function deletionOf(tenantId: string) {
  return landlord().tenantDeletion.findFirstOrThrow({ where: { tenantId }, orderBy: { deletedAt: "desc" } });
}

describe("tenants delete", () => {
  it("without --yes explains and changes nothing", async () => {
    const { tenant } = await provisionTestTenant({ slug: uniqueSlug("del") });
    const { code, stdout } = await cli("delete", tenant.slug);
    expect(code).toBe(0);
    expect(stdout).toContain(`Nothing was changed. Re-run with --yes to delete ${tenant.slug}.`);
    expect(await backupsOf(tenant.id)).toEqual([]);
    expect((await landlord().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).deletedAt).toBeNull();
  });

  it("backs up and verifies, then suspends, signs everyone out, marks it deleted; the slug stays held", async () => {
    const { tenant } = await provisionTestTenant({ slug: uniqueSlug("del") });
    const session = await signedIn(tenant);
    const { code, stdout } = await cli("delete", tenant.slug, "--yes", "--reason", "asked by the organization");
    expect(code).toBe(0);
    const [backup] = await backupsOf(tenant.id);
    expect(backup).toMatchObject({ status: "succeeded", verification: "passed", reason: "delete" });
    expect(stdout).toMatch(
      new RegExp(
        `^Tenant ${tenant.slug} is deleted \\(was active\\): backup ${backup?.id} verified, 1 session\\(s\\) ended\\.`,
      ),
    );

    const row = await landlord().tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    expect(row.status).toBe("suspended");
    expect(row.deletedAt).not.toBeNull();
    const deletion = await deletionOf(tenant.id);
    expect(deletion).toMatchObject({
      previousStatus: "active",
      backupId: backup?.id,
      reason: "asked by the organization",
    });
    const days = (deletion.purgeAfter.getTime() - deletion.deletedAt.getTime()) / 86_400_000;
    expect(days).toBe(30);
    const sessionRow = await tenantClient(tenant).tenantSession.findUniqueOrThrow({ where: { id: session.sessionId } });
    expect(sessionRow.revokedAt).not.toBeNull();
    expect(await findOpenTenant(tenant.slug)).toBeNull();
    expect(await isSlugTaken(tenant.slug)).toBe(true);
    expect(await databaseExists(tenant.databaseName)).toBe(true);
    const audit = await landlord().auditLog.findFirstOrThrow({
      where: { action: "tenant.deleted", tenantId: tenant.id },
    });
    expect(audit.context).toMatchObject({
      backupId: backup?.id,
      previousStatus: "active",
      reason: "asked by the organization",
    });
    // Twice is refused.
    expect((await cli("delete", tenant.slug, "--yes")).stderr).toContain(`Tenant ${tenant.slug} is already deleted.`);
  });

  it("refuses, changing nothing, when the backup fails verification", async () => {
    const { tenant } = await provisionTestTenant({ slug: uniqueSlug("del-bad") });
    // A disk that silently changes a byte of what it is given to write.
    vi.spyOn(backupDisk, "createWriteStream").mockImplementation((file) => {
      const disk = createWriteStream(file, { flags: "wx" });
      let flipped = false;
      const corrupting = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          const copy = Buffer.from(chunk);
          if (!flipped && copy.length > 100) {
            copy[50] = (copy[50] as number) ^ 0xff;
            flipped = true;
          }
          done(null, copy);
        },
      });
      corrupting.pipe(disk);
      return corrupting;
    });
    const { code, stderr } = await cli("delete", tenant.slug, "--yes");
    expect(code).toBe(1);
    expect(stderr).toMatch(
      new RegExp(
        `^✖ Refused to delete ${tenant.slug}: its backup .* failed verification \\(.*changed or damaged.*\\)\\. Nothing was changed\\.`,
      ),
    );
    const row = await landlord().tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    expect(row).toMatchObject({ status: "active", deletedAt: null });
    expect(await landlord().tenantDeletion.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect((await listBackups(tenant.slug)).filter((b) => b.good)).toEqual([]);
  });
});

describe("tenants undelete", () => {
  it("brings a deleted tenant back as it was; its users sign in again", async () => {
    const { tenant } = await provisionTestTenant({ slug: uniqueSlug("undel") });
    await cli("suspend", tenant.slug);
    await cli("activate", tenant.slug);
    expect((await cli("delete", tenant.slug, "--yes")).code).toBe(0);
    const { code, stdout } = await cli("undelete", tenant.slug, "--reason", "mistake");
    expect(code).toBe(0);
    expect(stdout).toBe(`Tenant ${tenant.slug} is back, active. Its users sign in again.\n`);
    expect(await findOpenTenant(tenant.slug)).not.toBeNull();
    expect((await deletionOf(tenant.id)).undeletedAt).not.toBeNull();
    await signedIn(tenant);
    expect((await cli("undelete", tenant.slug)).stderr).toContain(`Tenant ${tenant.slug} is not deleted.`);
  });
});

describe("tenants purge", () => {
  it("after the grace period: drops the databases, keeps the final backup, holds the slug; again: nothing", async () => {
    const { tenant } = await provisionTestTenant({ slug: uniqueSlug("purge") });
    await cli("backup", tenant.slug);
    await cli("restore", tenant.slug); // leaves a kept `previous` database, which purge drops too
    const current = (await landlord().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).databaseName;
    expect((await cli("delete", tenant.slug, "--yes")).code).toBe(0);
    const deletion = await deletionOf(tenant.id);

    expect((await cli("purge")).stdout).not.toContain(tenant.slug); // not due yet
    await landlord().tenantDeletion.update({
      where: { id: deletion.id },
      data: { purgeAfter: new Date(Date.now() - 1000) },
    });

    const user = tenantUsername(tenant.id, "a");
    const dropping = `${[current, tenant.databaseName].sort().join(", ")} and user ${user} on primary`;
    const dry = await cli("purge", "--dry-run");
    expect(dry.stdout).toContain(`- ${tenant.slug}: would drop ${dropping}; final backup ${deletion.backupId} kept`);
    expect(dry.stdout).toContain("Nothing was changed (--dry-run).");
    expect(await databaseExists(current)).toBe(true);
    expect(await userExists(user)).toBe(true);

    const { code, stdout } = await cli("purge");
    expect(code).toBe(0);
    expect(stdout).toContain(`- ${tenant.slug}: dropped ${dropping}; final backup ${deletion.backupId} kept`);
    expect(await databaseExists(current)).toBe(false);
    expect(await databaseExists(tenant.databaseName)).toBe(false);
    expect(await userExists(user)).toBe(false);
    expect(await landlord().databaseCatalogEntry.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect(await landlord().tenantCredential.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect((await deletionOf(tenant.id)).purgedAt).not.toBeNull();
    expect(await isSlugTaken(tenant.slug)).toBe(true);
    // Retention keeps the final backup (each tenant's newest are kept, however old).
    await pruneBackups({
      actor: TEST_OPERATOR,
      keepLast: 1,
      keepDays: 0,
      now: new Date(Date.now() + 400 * 86_400_000),
    });
    const final = await landlord().tenantBackup.findUniqueOrThrow({ where: { id: deletion.backupId } });
    expect(final).toMatchObject({ status: "succeeded", prunedAt: null });
    // It still restores, side by side.
    expect((await cli("restore", tenant.slug, "--as", uniqueSlug("purged-copy"))).code).toBe(0);

    expect((await cli("purge")).stdout).not.toContain(`${tenant.slug}:`);
    // --release-slug later frees the slug: the row goes, the application is closed.
    const released = await cli("purge", "--release-slug");
    expect(released.stdout).toContain(`- ${tenant.slug}: slug released`);
    expect(await isSlugTaken(tenant.slug)).toBe(false);
    const application = await landlord().tenantApplication.findFirstOrThrow({ where: { requestedSlug: tenant.slug } });
    expect(application.status).toBe("closed");
    expect((await landlord().tenantBackup.findUniqueOrThrow({ where: { id: deletion.backupId } })).slug).toBe(
      tenant.slug,
    );
  });

  it("finishes a purge that stopped half way, and then undelete is refused", async () => {
    const { tenant } = await provisionTestTenant({ slug: uniqueSlug("purge-half") });
    await cli("delete", tenant.slug, "--yes");
    const deletion = await deletionOf(tenant.id);
    // A purge that got as far as dropping the database, then died.
    await landlord().tenantDeletion.update({ where: { id: deletion.id }, data: { purgeStartedAt: new Date() } });
    await sql(undefined, `DROP DATABASE ${tenant.databaseName}`);
    expect((await cli("undelete", tenant.slug)).stderr).toContain(
      `Tenant ${tenant.slug} is being purged; it cannot be undeleted.`,
    );

    const { code, stdout } = await cli("purge", "--release-slug");
    expect(code).toBe(0);
    expect(stdout).toContain(
      `- ${tenant.slug}: dropped ${tenant.databaseName} and user ${tenantUsername(tenant.id, "a")} on primary; final backup ${deletion.backupId} kept; slug released`,
    );
    expect(await landlord().tenant.count({ where: { id: tenant.id } })).toBe(0);
    const done = await landlord().tenantDeletion.findUniqueOrThrow({ where: { id: deletion.id } });
    expect(done.purgedAt).not.toBeNull();
    expect(done.slugReleasedAt).not.toBeNull();
    const audits = await landlord().auditLog.findMany({ where: { action: "tenant.purged", tenantId: tenant.id } });
    expect(audits).toHaveLength(2);
  });
});
