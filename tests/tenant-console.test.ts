// The tenant console's lib functions against MariaDB: the snapshot refresh
// (one grouped information_schema query however many tenants), the tenants
// list (landlord tables only: search, tabs, paging), and each action allowed
// and refused, audited with the admin's reason. Only the request boundary is mocked.
import { randomUUID } from "node:crypto";
import type { Connection } from "mariadb";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { suspendTenantAction } from "@/app/admin/(console)/tenants/[slug]/actions";
import TenantPage from "@/app/admin/(console)/tenants/[slug]/page";
import TenantsPage from "@/app/admin/(console)/tenants/page";
import { backgroundJobs } from "@/app/workflow";
import { requireTenantSession } from "@/lib/auth/tenant";
import { landlord } from "@/lib/db/landlord";
import { readMigrations, TENANT_MIGRATIONS } from "@/lib/db/migrator";
import { closeServerPools, connect } from "@/lib/db/server";
import { closeTenantClients, tenantClient } from "@/lib/db/tenant-clients";
import { resetEnvCache } from "@/lib/env";
import type { Tenant } from "@/lib/generated/landlord/client";
import { placeHold } from "@/lib/operations/maintenance";
import { activateTenant, suspendTenant } from "@/lib/operations/suspension";
import { checkTenantNow, migrateTenantNow } from "@/lib/operations/tenant-checks";
import { getTenantDetail } from "@/lib/operations/tenant-detail";
import { tenantListParams } from "@/lib/operations/tenant-list-params";
import { endMaintenance, startMaintenance } from "@/lib/operations/tenant-maintenance";
import { listTenantRows } from "@/lib/operations/tenant-rows";
import { refreshSnapshots } from "@/lib/operations/tenant-snapshots";
import { reissueSetupLink } from "@/lib/tenant-auth/reissue-link";
import { signInTenantUser } from "@/lib/tenant-auth/sign-in";
import { provisionTestTenant, TEST_ADMIN, uniqueSlug } from "./helpers/applications";
import { platformSession } from "./helpers/platform-admin";
import { testServer } from "./helpers/server";
import { serialize, tenantSessionFor, withFixedInitialPassword } from "./helpers/tenant-auth";
import { boundary } from "./setup/request-boundary";

boundary.headers = new Headers({ "x-forwarded-for": "198.51.100.31", "user-agent": "vitest" });
withFixedInitialPassword();
const PASSWORD = "Start1234!";

// Every statement the tenant server's pooled connections run, while recording.
const recorder = vi.hoisted(() => ({ on: false, sql: [] as string[] }));
vi.mock("@/lib/db/server", async (original) => {
  const real = await original<typeof import("@/lib/db/server")>();
  const record = (conn: Connection): Connection =>
    new Proxy(conn, {
      get(target, prop) {
        if (prop === "query") {
          return (sql: string | { sql: string }, values?: unknown) => {
            if (recorder.on) recorder.sql.push(typeof sql === "string" ? sql : sql.sql);
            return target.query(sql, values);
          };
        }
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return {
    ...real,
    withServerConnection: <T>(
      server: Parameters<typeof real.withServerConnection>[0],
      work: (c: Connection) => Promise<T>,
    ) => real.withServerConnection(server, (conn) => work(record(conn))),
  };
});

async function recorded<T>(work: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
  recorder.sql = [];
  recorder.on = true;
  try {
    return { result: await work(), sql: recorder.sql };
  } finally {
    recorder.on = false;
  }
}

const informationSchema = (sql: string[]) => sql.filter((s) => /information_schema/i.test(s));
const historyReads = (sql: string[]) => sql.filter((s) => /`\._prisma_migrations/.test(s));

async function sql(database: string, query: string) {
  const conn = await connect(testServer(), { database });
  try {
    return await conn.query(query);
  } finally {
    await conn.end();
  }
}

/** The names of the components a rendered server element tree is made of (client ones are not rendered here). */
function components(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const child of node) components(child, out);
  } else if (node && typeof node === "object" && "props" in node) {
    const { type, props } = node as { type: unknown; props: { children?: unknown } };
    if (typeof type === "function" && type.name) out.push(type.name);
    components(props.children, out);
  }
  return out;
}

async function audits(tenantId: string, action: string) {
  return landlord().auditLog.findMany({ where: { tenantId, action }, orderBy: { id: "asc" } });
}

let fleet: Tenant[] = [];

beforeAll(async () => {
  fleet = (await Promise.all([0, 1, 2].map(() => provisionTestTenant({ slug: uniqueSlug("con") })))).map(
    (p) => p.tenant,
  );
});

beforeEach(async () => {
  boundary.session = null;
  await landlord().rateLimitBucket.deleteMany();
});

describe("the snapshot refresh", () => {
  it("reads sizes in one grouped information_schema query for the server, never one per tenant", async () => {
    const first = await recorded(() => refreshSnapshots());
    const live = await landlord().tenant.count({ where: { deletedAt: null, status: { in: ["active", "suspended"] } } });
    expect(first.result.tenants).toBe(live);
    // Sizes and table counts grouped by database, plus the list of databases: two, for any number of tenants.
    expect(informationSchema(first.sql)).toHaveLength(2);
    expect(informationSchema(first.sql).some((s) => /GROUP BY TABLE_SCHEMA/.test(s))).toBe(true);
    // Then one read of each tenant's own history table.
    expect(historyReads(first.sql)).toHaveLength(live);

    const more = await Promise.all([0, 1].map(() => provisionTestTenant({ slug: uniqueSlug("con-more") })));
    fleet.push(...more.map((m) => m.tenant));
    const second = await recorded(() => refreshSnapshots());
    expect(second.result.tenants).toBe(live + 2);
    expect(informationSchema(second.sql)).toHaveLength(2);
    expect(historyReads(second.sql)).toHaveLength(live + 2);
  });

  it("records size, tables, migrations, health and users of each tenant database", async () => {
    await refreshSnapshots();
    const migrations = (await readMigrations(TENANT_MIGRATIONS)).length;
    const tenant = fleet[0] as Tenant;
    const snapshot = await landlord().tenantSnapshot.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(snapshot).toMatchObject({
      databaseExists: true,
      migrationsApplied: migrations,
      migrationsPending: 0,
      migrationsFailed: 0,
      healthOk: true,
      problems: null,
      usersCount: 1,
      adminsCount: 1,
    });
    expect(Number(snapshot.databaseBytes)).toBeGreaterThan(0);
    expect(snapshot.tables).toBeGreaterThanOrEqual(9);
  });

  it("says what is wrong: a pending migration, a missing admin, a missing database", async () => {
    const [{ tenant: pending }, { tenant: gone }] = await Promise.all([
      provisionTestTenant({ slug: uniqueSlug("con-bad") }),
      provisionTestTenant({ slug: uniqueSlug("con-bad") }),
    ]);
    const [latest] = (await readMigrations(TENANT_MIGRATIONS)).slice(-1);
    await sql(pending.databaseName, `DELETE FROM _prisma_migrations WHERE migration_name = '${latest?.name}'`);
    await sql(pending.databaseName, "UPDATE tenant_users SET metadata = NULL");
    await sql(gone.databaseName, `DROP DATABASE ${gone.databaseName}`);

    // One tenant at a time asks about its own database only.
    const one = await recorded(() => refreshSnapshots({ slug: pending.slug }));
    expect(one.result.tenants).toBe(1);
    expect(informationSchema(one.sql).every((s) => /= \?/.test(s))).toBe(true);
    await refreshSnapshots({ slug: gone.slug });

    const bad = await landlord().tenantSnapshot.findUniqueOrThrow({ where: { tenantId: pending.id } });
    expect(bad).toMatchObject({ healthOk: false, migrationsPending: 1, migrationsFailed: 0 });
    expect(bad.problems).toContain(`1 pending migration(s): ${latest?.name}`);
    expect(bad.problems).toContain("no initial admin");
    const missing = await landlord().tenantSnapshot.findUniqueOrThrow({ where: { tenantId: gone.id } });
    expect(missing).toMatchObject({ databaseExists: false, healthOk: false, databaseBytes: null });
    expect(missing.problems).toBe(`database ${gone.databaseName} does not exist`);
    // Out of the way of the fleet-wide checks.
    await landlord().tenant.updateMany({
      where: { id: { in: [pending.id, gone.id] } },
      data: { deletedAt: new Date() },
    });
  });
});

describe("the snapshot job", () => {
  it("is one of the portal's background jobs, every TENANT_SNAPSHOT_MINUTES, and off with TENANT_SNAPSHOTS=0", async () => {
    process.env.TENANT_SNAPSHOT_MINUTES = "7";
    resetEnvCache();
    try {
      const job = backgroundJobs().find((j) => j.name === "tenant-snapshots");
      expect(job?.everyMs).toBe(7 * 60_000);
      process.env.TENANT_SNAPSHOTS = "0";
      resetEnvCache();
      expect(backgroundJobs().map((j) => j.name)).not.toContain("tenant-snapshots");

      // Nothing runs it in the tests unless a test asks, as this one does: a pass starts beside the tick.
      const tenant = fleet[0] as Tenant;
      await landlord().tenantSnapshot.deleteMany({ where: { tenantId: tenant.id } });
      await job?.run();
      await expect
        .poll(() => landlord().tenantSnapshot.count({ where: { tenantId: tenant.id } }), { timeout: 20_000 })
        .toBe(1);
    } finally {
      delete process.env.TENANT_SNAPSHOT_MINUTES;
      delete process.env.TENANT_SNAPSHOTS;
      resetEnvCache();
    }
  });
});

describe("the tenants list", () => {
  const prefix = `lst${randomUUID().slice(0, 6)}`;
  beforeAll(async () => {
    // Bare tenant rows: the list never opens a tenant database, so none is needed.
    const rows = Array.from({ length: 23 }, (_, i) => {
      const slug = `${prefix}-${String(i).padStart(2, "0")}`;
      return {
        id: randomUUID(),
        name: `Listed ${prefix} ${String(i).padStart(2, "0")}`,
        slug,
        email: `contact-${slug}@example.org`,
        databaseName: `tenant_${slug.replaceAll("-", "_")}`,
        status: i < 15 ? ("active" as const) : i < 20 ? ("suspended" as const) : ("inactive" as const),
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
        deletedAt: i === 22 ? new Date() : null,
      };
    });
    await landlord().tenant.createMany({ data: rows });
    const held = rows[3] as (typeof rows)[number];
    await placeHold({ tenantId: held.id, kind: "admin", owner: "vitest", message: "x" }, TEST_ADMIN);
    await landlord().tenantSnapshot.create({
      data: {
        tenantId: held.id,
        databaseExists: true,
        databaseBytes: 123_456_789n,
        healthOk: true,
        usersCount: 42,
        refreshedAt: new Date(),
      },
    });
  });

  const params = (extra: Record<string, unknown>) => tenantListParams.parse({ q: prefix, ...extra });

  it("counts each tab, searches slug, name and email by prefix, and pages on the server", async () => {
    const page = await listTenantRows(params({ pageSize: 10 }));
    expect(page.counts).toEqual({ active: 15, suspended: 5, inactive: 2, maintenance: 1, deleted: 1 });
    expect(page.all).toBe(22);
    expect(page.total).toBe(22);
    expect(page.pageCount).toBe(3);
    // Newest first by default; the id breaks ties.
    expect(page.rows.map((r) => r.slug)).toEqual(
      Array.from({ length: 10 }, (_, i) => `${prefix}-${String(21 - i).padStart(2, "0")}`),
    );
    const last = await listTenantRows(params({ pageSize: 10, page: 3 }));
    expect(last.rows).toHaveLength(2);
    const past = await listTenantRows(params({ pageSize: 10, page: 99 }));
    expect(past.page).toBe(3);

    expect((await listTenantRows(params({ tab: "suspended" }))).rows.map((r) => r.status)).toEqual(
      Array(5).fill("suspended"),
    );
    const deleted = await listTenantRows(params({ tab: "deleted" }));
    expect(deleted.rows.map((r) => [r.slug, r.deleted])).toEqual([[`${prefix}-22`, true]]);
    const maintenance = await listTenantRows(params({ tab: "maintenance" }));
    expect(maintenance.rows.map((r) => [r.slug, r.maintenance])).toEqual([[`${prefix}-03`, ["admin"]]]);
    expect(maintenance.rows[0]?.snapshot).toMatchObject({ databaseBytes: 123_456_789, users: 42, healthOk: true });

    for (const q of [`${prefix}-07`, `Listed ${prefix} 07`, `contact-${prefix}-07`]) {
      expect(
        (await listTenantRows(tenantListParams.parse({ q }))).rows.map((r) => r.slug),
        q,
      ).toEqual([`${prefix}-07`]);
    }
    // A typed "%" or "_" is a character, not a wildcard.
    expect((await listTenantRows(tenantListParams.parse({ q: `${prefix}%` }))).total).toBe(0);

    const bySlug = await listTenantRows(params({ sort: "slug", dir: "asc", pageSize: 10 }));
    expect(bySlug.rows[0]?.slug).toBe(`${prefix}-00`);
    const bySize = await listTenantRows(params({ sort: "databaseBytes", dir: "desc", pageSize: 10 }));
    expect(bySize.rows[0]?.slug).toBe(`${prefix}-03`);
  });

  it("reads landlord tables only: it works with the tenant server unreachable", async () => {
    await closeTenantClients();
    await closeServerPools();
    process.env.TENANT_DATABASE_URL = "mysql://root@127.0.0.1:1/unreachable";
    resetEnvCache();
    try {
      const page = await listTenantRows(params({}));
      expect(page.total).toBe(22);
      boundary.session = await platformSession("viewer");
      const html = serialize(await TenantsPage({ searchParams: Promise.resolve({ q: prefix, tab: "maintenance" }) }));
      expect(html).toContain(`${prefix}-03`);
    } finally {
      process.env.TENANT_DATABASE_URL = "";
      resetEnvCache();
      await closeTenantClients();
      await closeServerPools();
    }
  });
});

describe("suspend and activate", () => {
  it("suspend signs every open session out at once, audits the reason, and activate lets people in again", async () => {
    const { tenant, application } = await provisionTestTenant({ slug: uniqueSlug("con-sus") });
    const email = application.contactEmail;
    const signedIn = await tenantSessionFor(tenant.slug, email, PASSWORD);
    boundary.session = signedIn.session;
    await expect(requireTenantSession(tenant.slug, { allowPendingPasswordChange: true })).resolves.toBeTruthy();

    const change = await suspendTenant(tenant.slug, TEST_ADMIN, { reason: "Unpaid invoice since March" });
    expect(change).toMatchObject({ changed: true, from: "active", to: "suspended", sessionsRevoked: 1 });
    const row = await tenantClient(tenant).tenantSession.findUniqueOrThrow({ where: { id: signedIn.sessionId } });
    expect(row.revokedAt).not.toBeNull();
    await expect(requireTenantSession(tenant.slug, { allowPendingPasswordChange: true })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    expect(
      (
        await signInTenantUser(
          { slug: tenant.slug, email, password: PASSWORD },
          { ip: "198.51.100.32", userAgent: "v" },
        )
      ).ok,
    ).toBe(false);
    const [suspended] = await audits(tenant.id, "tenant.suspended");
    expect(suspended?.context).toEqual({
      slug: tenant.slug,
      from: "active",
      to: "suspended",
      reason: "Unpaid invoice since March",
    });
    expect(suspended?.actorLabel).toBe(TEST_ADMIN.label);

    await expect(suspendTenant(tenant.slug, TEST_ADMIN, { reason: "again" })).resolves.toMatchObject({
      changed: false,
    });
    const back = await activateTenant(tenant.slug, TEST_ADMIN, { reason: "Invoice paid" });
    expect(back).toMatchObject({ changed: true, to: "active" });
    expect((await audits(tenant.id, "tenant.activated"))[0]?.context).toMatchObject({ reason: "Invoice paid" });
    // The old session stays ended; a new sign-in works.
    await expect(requireTenantSession(tenant.slug, { allowPendingPasswordChange: true })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    await landlord().rateLimitBucket.deleteMany(); // the refused attempt above slowed the account down
    expect(
      (
        await signInTenantUser(
          { slug: tenant.slug, email, password: PASSWORD },
          { ip: "198.51.100.33", userAgent: "v" },
        )
      ).ok,
    ).toBe(true);
  });

  it("is refused for a deleted tenant, one that never finished provisioning, and an unknown slug", async () => {
    const { tenant } = await provisionTestTenant({ slug: uniqueSlug("con-del") });
    await landlord().tenant.update({ where: { id: tenant.id }, data: { deletedAt: new Date() } });
    await expect(suspendTenant(tenant.slug, TEST_ADMIN, { reason: "x" })).rejects.toMatchObject({
      code: "INVALID_STATE",
      message: `Tenant ${tenant.slug} is deleted.`,
    });
    const bare = await landlord().tenant.create({
      data: {
        id: randomUUID(),
        name: "Bare",
        slug: uniqueSlug("bare"),
        email: "b@example.org",
        databaseName: `tenant_bare_${Date.now()}`,
        status: "suspended",
      },
    });
    await expect(activateTenant(bare.slug, TEST_ADMIN, { reason: "x" })).rejects.toMatchObject({
      code: "INVALID_STATE",
    });
    await expect(suspendTenant("nope-nope", TEST_ADMIN)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await audits(tenant.id, "tenant.suspended")).toHaveLength(0);
  });

  it("from the console: an admin whose role may operate tenants, with a reason the form insists on", async () => {
    const { tenant } = await provisionTestTenant({ slug: uniqueSlug("con-act") });
    boundary.session = await platformSession("viewer");
    expect(await suspendTenantAction({ slug: tenant.slug, reason: "Viewer tries" })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    boundary.session = await platformSession("reviewer");
    const missing = await suspendTenantAction({ slug: tenant.slug, reason: " " });
    expect(missing).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect(missing.ok === false && missing.fieldErrors?.reason?.[0]).toMatch(/Say why/);
    expect(await suspendTenantAction({ slug: tenant.slug, reason: "Abuse report #12" })).toEqual({
      ok: true,
      data: { changed: true, sessionsRevoked: 0 },
    });
    const again = await suspendTenantAction({ slug: "nope-nope", reason: "Abuse report #12" });
    expect(again).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });
});

describe("maintenance holds", () => {
  it("an admin's maintenance starts once, ends with a reason, and both are audited", async () => {
    const tenant = fleet[1] as Tenant;
    const until = new Date(Date.now() + 3600_000);
    const hold = await startMaintenance(
      tenant.slug,
      { message: "Moving to new disks", endsAt: until, reason: "Disk swap" },
      TEST_ADMIN,
    );
    expect(hold).toMatchObject({ kind: "admin", owner: TEST_ADMIN.label, message: "Moving to new disks" });
    await expect(
      startMaintenance(tenant.slug, { message: "again", reason: "again" }, TEST_ADMIN),
    ).rejects.toMatchObject({ code: "INVALID_STATE", message: expect.stringContaining("already in maintenance") });
    const [started] = await audits(tenant.id, "tenant.maintenance_started");
    expect(started?.context).toMatchObject({
      holdId: hold.id,
      message: "Moving to new disks",
      endsAt: until.toISOString(),
      reason: "Disk swap",
    });
    expect(await audits(tenant.id, "tenant.hold_placed")).toHaveLength(1);

    const ended = await endMaintenance(tenant.slug, { reason: "Disks swapped" }, TEST_ADMIN);
    expect(ended).toMatchObject({ ended: 1, remaining: [] });
    expect((await audits(tenant.id, "tenant.maintenance_ended"))[0]?.context).toMatchObject({
      holdIds: [hold.id],
      reason: "Disks swapped",
    });
    await expect(endMaintenance(tenant.slug, { reason: "again" }, TEST_ADMIN)).rejects.toMatchObject({
      code: "INVALID_STATE",
      message: `Tenant ${tenant.slug} is not in an admin's maintenance.`,
    });
  });

  it("refuses an end in the past and a deleted tenant", async () => {
    const tenant = fleet[1] as Tenant;
    await expect(
      startMaintenance(tenant.slug, { message: "m", endsAt: new Date(Date.now() - 1000), reason: "r" }, TEST_ADMIN),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    const { tenant: gone } = await provisionTestTenant({ slug: uniqueSlug("con-gone") });
    await landlord().tenant.update({ where: { id: gone.id }, data: { deletedAt: new Date() } });
    await expect(startMaintenance(gone.slug, { message: "m", reason: "r" }, TEST_ADMIN)).rejects.toMatchObject({
      code: "INVALID_STATE",
    });
  });

  it("ending an admin's hold never ends a restore's: the tenant stays in maintenance until that one ends too", async () => {
    const tenant = fleet[2] as Tenant;
    const restore = await placeHold({ tenantId: tenant.id, kind: "restore", owner: "restore tenant_x" }, TEST_ADMIN);
    await startMaintenance(tenant.slug, { message: "Restoring", reason: "Bad import" }, TEST_ADMIN);
    await expect(endMaintenance(tenant.slug, { holdId: restore.id, reason: "try" }, TEST_ADMIN)).rejects.toMatchObject({
      code: "INVALID_STATE",
      message: expect.stringContaining("a restore (restore tenant_x)"),
    });
    const ended = await endMaintenance(tenant.slug, { reason: "Import fixed" }, TEST_ADMIN);
    expect(ended.ended).toBe(1);
    expect(ended.remaining.map((h) => h.id)).toEqual([restore.id]);
    const detail = await getTenantDetail(tenant.slug);
    expect(detail?.holds.map((h) => h.kind)).toEqual(["restore"]);
    await landlord().maintenanceHold.delete({ where: { id: restore.id } });
  });
});

describe("reissue, migrations and health from the console", () => {
  it("reissues a link to an active admin with the reason audited, and refuses a suspended tenant", async () => {
    const { tenant, application } = await provisionTestTenant({ slug: uniqueSlug("con-link") });
    const result = await reissueSetupLink(
      tenant.slug,
      { email: application.contactEmail, reason: "Lost the email" },
      TEST_ADMIN,
    );
    expect(result).toMatchObject({ email: application.contactEmail, delivery: "stored" });
    expect((await audits(tenant.id, "tenant.link_reissued"))[0]?.context).toMatchObject({ reason: "Lost the email" });
    await suspendTenant(tenant.slug, TEST_ADMIN, { reason: "for the test" });
    await expect(
      reissueSetupLink(tenant.slug, { email: application.contactEmail, reason: "x" }, TEST_ADMIN),
    ).rejects.toMatchObject({ code: "INVALID_STATE" });
  });

  it("runs the tenant's migrations now (audited with the reason), skips it under a restore, and refreshes its snapshot", async () => {
    const tenant = fleet[0] as Tenant;
    await landlord().tenantSnapshot.deleteMany({ where: { tenantId: tenant.id } });
    const result = await migrateTenantNow(tenant.slug, "Apply the hotfix", TEST_ADMIN);
    expect(result).toMatchObject({ slug: tenant.slug, outcome: "up-to-date", applied: [] });
    const [migrated] = (await audits(tenant.id, "tenant.migrated")).slice(-1);
    expect(migrated?.context).toMatchObject({ slug: tenant.slug, tenants: 1, reason: "Apply the hotfix" });
    expect(await landlord().tenantSnapshot.findUnique({ where: { tenantId: tenant.id } })).not.toBeNull();

    const hold = await placeHold({ tenantId: tenant.id, kind: "restore", owner: "restore" }, TEST_ADMIN);
    expect(await migrateTenantNow(tenant.slug, "Apply the hotfix", TEST_ADMIN)).toMatchObject({ outcome: "skipped" });
    await landlord().maintenanceHold.delete({ where: { id: hold.id } });
    await expect(migrateTenantNow("nope-nope", "reason", TEST_ADMIN)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("checks health now and refreshes the snapshot with the result", async () => {
    const tenant = fleet[0] as Tenant;
    const before = await landlord().tenantSnapshot.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    await sql(tenant.databaseName, "UPDATE tenant_users SET metadata = NULL");
    const health = await checkTenantNow(tenant.slug);
    expect(health.problems).toEqual(["no initial admin (tenant_users with metadata.is_initial_admin)"]);
    const after = await landlord().tenantSnapshot.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(after.refreshedAt.getTime()).toBeGreaterThanOrEqual(before.refreshedAt.getTime());
    expect(after).toMatchObject({ healthOk: false, problems: health.problems.join("\n") });
    await sql(tenant.databaseName, `UPDATE tenant_users SET metadata = '{"is_initial_admin": true}'`);
    expect((await checkTenantNow(tenant.slug)).problems).toEqual([]);
  });
});

describe("the tenant's page", () => {
  it("shows its database, users, provisioning, emails and audit trail, and the actions only to who may use them", async () => {
    const tenant = fleet[0] as Tenant;
    await refreshSnapshots({ slug: tenant.slug });
    boundary.session = await platformSession("owner");
    const props = { params: Promise.resolve({ slug: tenant.slug }), searchParams: Promise.resolve({}) };
    const ownerView = await TenantPage(props);
    const owner = serialize(ownerView);
    for (const text of [tenant.databaseName, tenant.email]) expect(owner).toContain(text);
    expect(owner).not.toContain("$2"); // no password hash of anyone's
    const forms = ["StatusForm", "ReissueForm", "ChecksForm"];
    expect(components(ownerView)).toEqual(
      expect.arrayContaining([...forms, "DatabaseCard", "PeopleCard", "AuditCard"]),
    );

    boundary.session = await platformSession("viewer");
    const viewerView = await TenantPage(props);
    expect(serialize(viewerView)).toContain(tenant.databaseName);
    for (const form of forms) expect(components(viewerView)).not.toContain(form);
    expect(serialize(viewerView)).toContain('"readOnly":true');
  });

  it("pages its audit trail by keyset", async () => {
    const tenant = fleet[1] as Tenant;
    await landlord().auditLog.createMany({
      data: Array.from({ length: 60 }, (_, i) => ({
        actorType: "system",
        action: "tenant.probe",
        tenantId: tenant.id,
        context: { i },
        createdAt: new Date(Date.UTC(2020, 0, 1, 0, 0, i)),
      })),
    });
    const first = (await getTenantDetail(tenant.slug))?.audit;
    expect(first?.entries).toHaveLength(50);
    expect(first?.olderThan).not.toBeNull();
    const second = (await getTenantDetail(tenant.slug, { olderThan: first?.olderThan ?? "" }))?.audit;
    const seen = new Set([...(first?.entries ?? []), ...(second?.entries ?? [])].map((e) => e.id));
    expect(seen.size).toBe((first?.entries.length ?? 0) + (second?.entries.length ?? 0));
    expect(second?.entries.at(-1)?.context).toEqual({ i: 0 });
  });
});
