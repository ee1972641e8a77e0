// The tenant console's backups, deletion and restore, through its Server
// Actions, its page and its download routes, against MariaDB: an owner may do
// everything; a reviewer backs up and verifies; a viewer only looks. A slug
// typed wrong is refused before anything runs, and nothing changes. The
// downloads give an owner the file byte for byte, and everyone else a status,
// never a byte. Only the request boundary is mocked.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  backupNowAction,
  deleteTenantAction,
  restoreTenantAction,
  undeleteTenantAction,
  verifyBackupAction,
} from "@/app/admin/(console)/tenants/[slug]/backup-actions";
import { GET as fileRoute } from "@/app/admin/(console)/tenants/[slug]/backups/[id]/file/route";
import { GET as manifestRoute } from "@/app/admin/(console)/tenants/[slug]/backups/[id]/manifest/route";
import { GET as sqlRoute } from "@/app/admin/(console)/tenants/[slug]/backups/[id]/sql/route";
import TenantPage from "@/app/admin/(console)/tenants/[slug]/page";
import { landlord } from "@/lib/db/landlord";
import { connect } from "@/lib/db/server";
import { tenantClient } from "@/lib/db/tenant-clients";
import { dropDatabaseUser } from "@/lib/db/tenant-credentials";
import type { Tenant } from "@/lib/generated/landlord/client";
import { backupTenant } from "@/lib/operations/backups/backup-tenant";
import { tenantLock, withOperationLock } from "@/lib/operations/backups/locks";
import { startBackup } from "@/lib/operations/backups/start-backup";
import { getTenantDetail } from "@/lib/operations/tenant-detail";
import type { PlatformRole } from "@/lib/platform/permissions";
import { provisionTestTenant, TEST_ADMIN, uniqueSlug } from "./helpers/applications";
import { addRows, backupsOf, sql, tempBackupDir } from "./helpers/backups";
import { trackDatabase } from "./helpers/databases";
import { adminSessionOf, createTestAdmin } from "./helpers/platform-admin";
import { testServer } from "./helpers/server";
import { INITIAL_PASSWORD, tenantSessionFor, withFixedInitialPassword } from "./helpers/tenant-auth";
import { boundary } from "./setup/request-boundary";

const dir = tempBackupDir();
withFixedInitialPassword();
boundary.headers = new Headers({ "x-forwarded-for": "198.51.100.41", "user-agent": "vitest" });

const sessions = new Map<PlatformRole, { session: unknown; email: string }>();
/** Signs in as an admin of `role` (one per role for the file), or signs out; returns the admin's email. */
async function as(role: PlatformRole | null): Promise<string> {
  if (role === null) {
    boundary.session = null;
    return "";
  }
  let signedIn = sessions.get(role);
  if (!signedIn) {
    const admin = await createTestAdmin(role);
    signedIn = { session: (await adminSessionOf(admin)).session, email: admin.email };
    sessions.set(role, signedIn);
  }
  boundary.session = signedIn.session;
  return signedIn.email;
}

const row = (id: string) => landlord().tenant.findUniqueOrThrow({ where: { id } });
const audits = (tenantId: string, action: string) =>
  landlord().auditLog.findMany({ where: { tenantId, action }, orderBy: { id: "asc" } });
const REASON = "Asked by the organization, ticket 812";

/** The props of the first element in a page's tree made by the component `name` (client ones are not rendered here). */
function propsOf(node: unknown, name: string): Record<string, unknown> | undefined {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = propsOf(child, name);
      if (found) return found;
    }
  } else if (node && typeof node === "object" && "props" in node) {
    const { type, props } = node as { type: unknown; props: Record<string, unknown> };
    if (typeof type === "function" && type.name === name) return props;
    return propsOf(props.children, name);
  }
  return undefined;
}

async function page(slug: string) {
  return TenantPage({ params: Promise.resolve({ slug }), searchParams: Promise.resolve({}) });
}

let tenant: Tenant;
let other: Tenant;

beforeAll(async () => {
  [{ tenant }, { tenant: other }] = await Promise.all([
    provisionTestTenant({ slug: uniqueSlug("cbk") }),
    provisionTestTenant({ slug: uniqueSlug("cbk-other") }),
  ]);
});

// The file's databases go with its landlord (tests/setup); the tenants' own database users are dropped here.
afterAll(async () => {
  const users = await landlord().databaseCatalogEntry.findMany({ where: { kind: "user" }, select: { name: true } });
  const conn = await connect(testServer());
  try {
    for (const { name } of users) await dropDatabaseUser(conn, name);
  } finally {
    await conn.end();
  }
});

beforeEach(async () => {
  boundary.session = null;
  await landlord().rateLimitBucket.deleteMany();
});

describe("back up now and verify", () => {
  it("a viewer is refused both; a reviewer backs up (a small tenant's at once) and verifies, audited as them", async () => {
    await as("viewer");
    expect(await backupNowAction({ slug: tenant.slug })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await verifyBackupAction({ slug: tenant.slug, backupId: randomUUID() })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect(await backupsOf(tenant.id)).toEqual([]);

    const reviewer = await as("reviewer");
    const backed = await backupNowAction({ slug: tenant.slug });
    expect(backed).toMatchObject({ ok: true, data: { finished: true } });
    const id = backed.ok && backed.data.finished ? backed.data.id : "";
    const [taken] = await backupsOf(tenant.id);
    expect(taken).toMatchObject({ id, status: "succeeded", reason: "manual", verification: "unverified" });
    expect(taken?.createdBy).toBe(`platform_admin:${reviewer}`);
    expect((await audits(tenant.id, "tenant.backed_up")).map((a) => a.actorLabel)).toEqual([reviewer]);

    expect(await verifyBackupAction({ slug: tenant.slug, backupId: id })).toEqual({
      ok: true,
      data: { finished: true, passed: true, problems: [] },
    });
    expect((await backupsOf(tenant.id))[0]?.verification).toBe("passed");
    const [verified] = await audits(tenant.id, "tenant.backup_verified");
    expect(verified).toMatchObject({ actorLabel: reviewer, context: expect.objectContaining({ passed: true }) });

    // Another tenant's backup is not this page's to verify.
    const theirs = await backupTenant(other.slug, { actor: TEST_ADMIN });
    expect(await verifyBackupAction({ slug: tenant.slug, backupId: theirs.id })).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
    expect((await landlord().tenantBackup.findUniqueOrThrow({ where: { id: theirs.id } })).verification).toBe(
      "unverified",
    );
  });

  it("while another operation holds the tenant, the page says so and back up now is refused with why", async () => {
    await as("reviewer");
    await withOperationLock(tenantLock(tenant.id), "test", async () => {
      expect((await getTenantDetail(tenant.slug))?.busy).toBe(true);
      const refused = await backupNowAction({ slug: tenant.slug });
      expect(refused).toMatchObject({ ok: false, code: "CONFLICT" });
      expect(refused.ok === false && refused.error).toMatch(/another backup, restore or deletion of it is running/);
    });
    expect((await getTenantDetail(tenant.slug))?.busy).toBe(false);
  });

  it("a backup that outlasts the console's wait goes on by itself and settles good", async () => {
    const before = (await backupsOf(tenant.id)).length;
    expect(await startBackup(tenant.slug, { actor: TEST_ADMIN, waitMs: 0 })).toEqual({ finished: false });
    await expect
      .poll(async () => (await backupsOf(tenant.id)).map((b) => b.status), { timeout: 20_000 })
      .toEqual([...Array(before).fill("succeeded"), "succeeded"]);
    expect((await getTenantDetail(tenant.slug))?.busy).toBe(false);
  });
});

describe("restore", () => {
  it("reviewers and viewers are refused, a wrong typed slug changes nothing, an owner restores with the reason audited", async () => {
    const backup = await backupTenant(tenant.slug, { actor: TEST_ADMIN });
    await addRows(tenant.databaseName, 5, "after-backup");
    const input = { slug: tenant.slug, backupId: backup.id, confirmation: tenant.slug, reason: REASON };

    for (const role of ["reviewer", "viewer"] as const) {
      await as(role);
      expect(await restoreTenantAction(input), role).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
    const owner = await as("owner");
    const wrong = await restoreTenantAction({ ...input, confirmation: `${tenant.slug}x` });
    expect(wrong).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect(wrong.ok === false && wrong.fieldErrors?.confirmation?.[0]).toMatch(/not this tenant's slug/);
    // Another tenant's backup is refused by the restore itself, before anything changes.
    const theirs = await backupTenant(other.slug, { actor: TEST_ADMIN });
    expect(await restoreTenantAction({ ...input, backupId: theirs.id })).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
      error: `Backup ${theirs.id} is not a backup of tenant ${tenant.slug}.`,
    });
    expect((await row(tenant.id)).databaseName).toBe(tenant.databaseName);
    expect(await audits(tenant.id, "tenant.restored")).toEqual([]);

    const restored = await restoreTenantAction(input);
    expect(restored).toMatchObject({ ok: true, data: { previous: tenant.databaseName, migrated: [] } });
    const database = restored.ok ? restored.data.database : "";
    trackDatabase(tenant.databaseName);
    expect((await row(tenant.id)).databaseName).toBe(database);
    const after = await sql(database, "SELECT COUNT(*) AS n FROM committee_users WHERE email LIKE 'after-backup%'");
    expect(Number((after[0] as { n: unknown }).n)).toBe(0);
    const [audit] = await audits(tenant.id, "tenant.restored");
    expect(audit).toMatchObject({ actorLabel: owner, context: expect.objectContaining({ reason: REASON }) });
  });
});

describe("delete and undelete", () => {
  it("reviewers and viewers are refused, a wrong typed slug changes nothing, an owner deletes after a verified backup", async () => {
    const { tenant: doomed, application } = await provisionTestTenant({ slug: uniqueSlug("cbk-del") });
    const signedIn = await tenantSessionFor(doomed.slug, application.contactEmail, INITIAL_PASSWORD);
    const input = { slug: doomed.slug, confirmation: doomed.slug, reason: REASON };

    for (const role of ["reviewer", "viewer"] as const) {
      await as(role);
      expect(await deleteTenantAction(input), role).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
    const owner = await as("owner");
    for (const confirmation of ["", "cbk-del", other.slug]) {
      const wrong = await deleteTenantAction({ ...input, confirmation });
      expect(wrong, confirmation).toMatchObject({ ok: false, code: "INVALID_INPUT" });
      expect(wrong.ok === false && wrong.fieldErrors?.confirmation?.[0]).toMatch(/not this tenant's slug/);
    }
    // Nothing ran: no backup, no deletion, the tenant and its session as they were.
    expect(await backupsOf(doomed.id)).toEqual([]);
    expect(await landlord().tenantDeletion.count({ where: { tenantId: doomed.id } })).toBe(0);
    expect(await row(doomed.id)).toMatchObject({ status: "active", deletedAt: null });
    expect(await audits(doomed.id, "tenant.deleted")).toEqual([]);
    const live = () => tenantClient(doomed).tenantSession.findUniqueOrThrow({ where: { id: signedIn.sessionId } });
    expect((await live()).revokedAt).toBeNull();

    // Typed as people type it: spaces and capitals are forgiven.
    const deleted = await deleteTenantAction({ ...input, confirmation: ` ${doomed.slug.toUpperCase()} ` });
    expect(deleted).toMatchObject({ ok: true, data: { sessionsRevoked: 1 } });
    const [backup] = await backupsOf(doomed.id);
    expect(backup).toMatchObject({ reason: "delete", status: "succeeded", verification: "passed" });
    expect(deleted.ok && deleted.data.backupId).toBe(backup?.id);
    expect(await row(doomed.id)).toMatchObject({ status: "suspended", deletedAt: expect.any(Date) });
    expect((await live()).revokedAt).not.toBeNull();
    const [audit] = await audits(doomed.id, "tenant.deleted");
    expect(audit).toMatchObject({ actorLabel: owner, context: expect.objectContaining({ reason: REASON }) });

    // A deleted tenant is not restored over: the refusal says what to do instead.
    const restore = await restoreTenantAction({ ...input, backupId: backup?.id ?? "" });
    expect(restore).toMatchObject({ ok: false, code: "INVALID_STATE" });
    expect(restore.ok === false && restore.error).toBe(
      `Tenant ${doomed.slug} is deleted: undelete it first, or restore a copy with --as.`,
    );
    expect((await row(doomed.id)).databaseName).toBe(doomed.databaseName);

    // Its page shows the deletion, with undelete, restore and downloads for owners only.
    const ownerView = await page(doomed.slug);
    const deletion = await landlord().tenantDeletion.findFirstOrThrow({ where: { tenantId: doomed.id } });
    expect(propsOf(ownerView, "DeletionPanel")).toMatchObject({
      deleted: true,
      mayDestroy: true,
      deletion: { purgeAfter: deletion.purgeAfter.toISOString(), reason: REASON, deletedBy: owner, graceOver: false },
    });
    expect(propsOf(ownerView, "RestoreForm")).toMatchObject({ deleted: true });
    expect(propsOf(ownerView, "BackupsCard")).toMatchObject({ mayOperate: true, mayDownload: true });
    await as("reviewer");
    const reviewerView = await page(doomed.slug);
    expect(propsOf(reviewerView, "DeletionPanel")).toMatchObject({ deleted: true, mayDestroy: false });
    expect(propsOf(reviewerView, "RestoreForm")).toBeUndefined();
    expect(propsOf(reviewerView, "BackupsCard")).toMatchObject({ mayOperate: true, mayDownload: false });
    expect(await undeleteTenantAction({ slug: doomed.slug, reason: REASON })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    await as("viewer");
    expect(propsOf(await page(doomed.slug), "BackupsCard")).toMatchObject({ mayOperate: false, mayDownload: false });

    await as("owner");
    expect(await undeleteTenantAction({ slug: doomed.slug, reason: "Deleted by mistake" })).toEqual({
      ok: true,
      data: { status: "active", afterGracePeriod: false },
    });
    expect(await row(doomed.id)).toMatchObject({ status: "active", deletedAt: null });
    expect((await audits(doomed.id, "tenant.undeleted"))[0]?.context).toMatchObject({ reason: "Deleted by mistake" });
    const back = await page(doomed.slug);
    expect(propsOf(back, "DeletionPanel")).toMatchObject({ deleted: false, deletion: null });
    // And the owner-only forms are not offered to a role that may not delete.
    await as("reviewer");
    expect(propsOf(await page(doomed.slug), "DeletionPanel")).toBeUndefined();
  });
});

describe("the downloads", () => {
  let backupId: string;
  let file: string;
  const call = (route: typeof fileRoute, slug: string, id: string) =>
    route(new Request(`http://localhost/admin/tenants/${slug}/backups/${id}`), {
      params: Promise.resolve({ slug, id }),
    });

  beforeAll(async () => {
    backupId = (await backupTenant(other.slug, { actor: TEST_ADMIN })).id;
    const stored = await landlord().tenantBackup.findUniqueOrThrow({ where: { id: backupId } });
    file = path.join(dir, stored.file ?? "");
  });

  it("an owner gets the encrypted file byte for byte, its manifest, and the SQL (audited as them)", async () => {
    const owner = await as("owner");
    const encrypted = await call(fileRoute, other.slug, backupId);
    expect(encrypted.status).toBe(200);
    expect(encrypted.headers.get("content-disposition")).toBe(`attachment; filename="${path.basename(file)}"`);
    expect(encrypted.headers.get("cache-control")).toBe("no-store");
    expect(Buffer.from(await encrypted.arrayBuffer()).equals(readFileSync(file))).toBe(true);

    const manifest = await call(manifestRoute, other.slug, backupId);
    expect(manifest.headers.get("content-disposition")).toBe(
      `attachment; filename="${path.basename(file)}.manifest.json"`,
    );
    expect(await manifest.json()).toEqual(JSON.parse(readFileSync(`${file}.manifest.json`, "utf8")));

    const plain = await call(sqlRoute, other.slug, backupId);
    expect(plain.headers.get("content-type")).toBe("application/sql; charset=utf-8");
    const text = await plain.text();
    expect(text).toContain("CREATE TABLE `tenant_users`");
    expect(text.trimEnd().endsWith("-- end of backup")).toBe(true);
    expect((await audits(other.id, "tenant.backup_decrypted")).map((a) => a.actorLabel)).toEqual([owner]);
  });

  it("only the route's tenant's backups: another slug or an unknown id is 404", async () => {
    await as("owner");
    for (const [slug, id] of [
      [tenant.slug, backupId],
      [other.slug, randomUUID()],
      [other.slug, "not-a-uuid"],
    ] as const) {
      for (const route of [fileRoute, manifestRoute, sqlRoute]) {
        const response = await call(route, slug, id);
        expect(response.status, `${slug} ${id}`).toBe(404);
        expect(await response.json()).toMatchObject({ code: "NOT_FOUND" });
      }
    }
  });

  it("a reviewer and a viewer get 403, a tenant's session and no session 401: never a byte, nothing audited", async () => {
    const decrypted = (await audits(other.id, "tenant.backup_decrypted")).length;
    const { application } = await landlord()
      .tenant.findUniqueOrThrow({ where: { id: tenant.id }, include: { applications: true } })
      .then((t) => ({ application: t.applications[0] }));
    const tenantSession = (await tenantSessionFor(tenant.slug, application?.contactEmail ?? "", INITIAL_PASSWORD))
      .session;
    const visitors: [string, () => Promise<unknown>, number][] = [
      ["reviewer", () => as("reviewer"), 403],
      ["viewer", () => as("viewer"), 403],
      ["no session", () => as(null), 401],
      ["a tenant's admin", async () => (boundary.session = tenantSession), 401],
    ];
    for (const [who, signIn, status] of visitors) {
      await signIn();
      for (const route of [fileRoute, manifestRoute, sqlRoute]) {
        const response = await call(route, other.slug, backupId);
        expect(response.status, who).toBe(status);
        expect(response.headers.get("content-type"), who).toMatch(/^application\/json/);
        expect(response.headers.get("content-disposition"), who).toBeNull();
      }
    }
    expect(await audits(other.id, "tenant.backup_decrypted")).toHaveLength(decrypted);
  });
});
