// The provisioning workflow through the inline driver, against real MariaDB:
// the guide's seven cases, then faults in every step, interruption, races and
// hostile slugs.
import bcrypt from "bcryptjs";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { landlord } from "@/lib/db/landlord";
import { readMigrations, TENANT_MIGRATIONS } from "@/lib/db/migrator";
import { connect } from "@/lib/db/server";
import { tenantCacheStats } from "@/lib/db/tenant-clients";
import { env } from "@/lib/env";
import { transitionApplication } from "@/lib/platform/applications/status";
import { sweepStaleRuns } from "@/lib/provisioning/dispatch";
import { preparedInitialPassword } from "@/lib/provisioning/initial-password";
import {
  configureInlineDriver,
  dispatchInline,
  driveRun,
  inlineDriver,
  inlineIdle,
} from "@/lib/provisioning/inline-driver";
import { beginRun, executeStep } from "@/lib/provisioning/runs";
import { approveAndStart, startProvisioning } from "@/lib/provisioning/start";
import { PROVISIONING_STEPS, type StepName, stepNamed } from "@/lib/provisioning/steps";
import { hashToken } from "@/lib/tenant-auth/setup-tokens";
import {
  createApplication,
  createApprovedApplication,
  provisionTestTenant,
  TEST_ADMIN,
  TEST_OPERATOR,
  uniqueSlug,
} from "./helpers/applications";
import { testServer } from "./helpers/server";
import { welcomeSecrets } from "./helpers/tenant-auth";
import { allDatabases, databaseExists, footprint, NOTHING_LEFT, ONE_OF_EVERYTHING } from "./helpers/tenant-state";

beforeAll(() => configureInlineDriver({ backoffBaseMs: 1 }));
afterEach(() => vi.restoreAllMocks());

async function run(applicationId: string) {
  const ref = await beginRun(applicationId, TEST_ADMIN, "inline");
  return { ref, outcome: await driveRun(ref.runId, applicationId, { backoffBaseMs: 1 }) };
}

describe("provisioning: the guide's seven cases", () => {
  it("creates the tenant database, utf8mb4_unicode_ci", async () => {
    const { tenant } = await provisionTestTenant();
    expect(tenant.databaseName).toBe(`tenant_${tenant.slug.replaceAll("-", "_")}`);
    const conn = await connect(testServer());
    const [row] = await conn.query(
      "SELECT DEFAULT_CHARACTER_SET_NAME AS cs, DEFAULT_COLLATION_NAME AS co FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
      [tenant.databaseName],
    );
    await conn.end();
    expect(row).toEqual({ cs: "utf8mb4", co: "utf8mb4_unicode_ci" });
  });

  it("runs the tenant migrations in it", async () => {
    const { tenant } = await provisionTestTenant();
    const conn = await connect(testServer(), { database: tenant.databaseName });
    const tables: { t: string }[] = await conn.query(
      "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
    );
    const migrations: unknown[] = await conn.query("SELECT * FROM _prisma_migrations WHERE finished_at IS NOT NULL");
    const columns: { c: string }[] = await conn.query(
      "SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'tenant_users'",
    );
    await conn.end();
    expect(tables.map((r) => r.t)).toEqual(
      expect.arrayContaining(["tenant_users", "committee_users", "tenant_user_registrations", "roles", "permissions"]),
    );
    expect(migrations).toHaveLength((await readMigrations(TENANT_MIGRATIONS)).length);
    expect(columns.map((r) => r.c)).toEqual(
      expect.arrayContaining(["password_hash", "first_name", "must_change_password"]),
    );
  });

  it("creates the admin with the initial password: bcrypt verifies it, must change it, metadata, tenant id, role", async () => {
    const clientsBefore = tenantCacheStats().clients;
    const { tenant, application } = await provisionTestTenant();
    // Provisioning leaves no Prisma client in the cache (lib/provisioning/initial-admin.ts says why).
    expect(tenantCacheStats().clients).toBe(clientsBefore);
    const conn = await connect(testServer(), { database: tenant.databaseName });
    const [user] = await conn.query(
      `SELECT u.*, r.name AS role,
         TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), u.password_expires_at) AS expires_in,
         ABS(TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), u.created_at)) AS created_ago,
         ABS(TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), u.updated_at)) AS updated_ago
       FROM tenant_users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id`,
    );
    await conn.end();
    expect(user.email).toBe(application.contactEmail);
    const { initialPassword } = await welcomeSecrets(tenant.id);
    expect(initialPassword).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/); // generated for this admin alone
    expect(await bcrypt.compare(initialPassword, user.password_hash)).toBe(true);
    expect(Number(user.must_change_password)).toBe(1);
    // It works only as long as the setup link: both expire together.
    const link = await landlord().passwordSetupToken.findFirstOrThrow({ where: { tenantId: tenant.id } });
    expect(Math.abs(new Date(user.password_expires_at).getTime() - link.expiresAt.getTime())).toBeLessThan(60_000);
    // Stored in UTC, as Prisma stores every time (the row is written on a raw connection).
    expect(Math.abs(Number(user.expires_in) - env().SETUP_TOKEN_TTL_HOURS * 3600)).toBeLessThan(60);
    expect(Number(user.created_ago)).toBeLessThan(60);
    expect(Number(user.updated_ago)).toBeLessThan(60);
    expect(BigInt(user.tenant_id)).toBe(tenant.numericId);
    expect(user.status).toBe("active");
    const metadata = typeof user.metadata === "string" ? JSON.parse(user.metadata) : user.metadata;
    expect(metadata).toEqual({ is_initial_admin: true, application_id: application.id });
    expect(user.role).toBe("tenant_admin");
  });

  it("sends the welcome email with the login URL, the initial password and a working setup link", async () => {
    const { tenant, application } = await provisionTestTenant();
    const email = await landlord().emailOutbox.findFirstOrThrow({
      where: { applicationId: application.id, template: "welcome" },
    });
    expect(email.toAddress).toBe(application.contactEmail);
    expect(email.status).toBe("stored");
    expect(email.text).toContain(`http://localhost:3000/${tenant.slug}/login`);
    // The stored copy holds placeholders; the link and password are sealed beside it.
    const secrets = await welcomeSecrets(tenant.id);
    for (const secret of [secrets.initialPassword, secrets.setupUrl]) {
      expect(email.html).not.toContain(secret);
      expect(email.text).not.toContain(secret);
      expect(email.secrets).not.toContain(secret);
    }
    const token = secrets.setupUrl.match(/\/setup-password\/([A-Za-z0-9_-]{43})$/)?.[1];
    expect(token).toBeDefined();
    const stored = await landlord().passwordSetupToken.findUniqueOrThrow({
      where: { tokenHash: hashToken(token as string) },
    });
    expect(stored).toMatchObject({ tenantId: tenant.id, email: application.contactEmail, usedAt: null });
    expect(stored.expiresAt.getTime() - Date.now()).toBeGreaterThan(71 * 3600_000);
  });

  it("marks the application provisioned and the tenant active, and audits it", async () => {
    const { tenant, application } = await provisionTestTenant();
    expect(application.status).toBe("provisioned");
    expect(application.tenantId).toBe(tenant.id);
    expect(application.provisioningCompletedAt).toBeInstanceOf(Date);
    expect(tenant.status).toBe("active");
    const actions = (await landlord().auditLog.findMany({ where: { applicationId: application.id } })).map(
      (a) => a.action,
    );
    expect(actions).toEqual(expect.arrayContaining(["provisioning.started", "provisioning.completed"]));
    const runRow = await landlord().provisioningRun.findFirstOrThrow({
      where: { applicationId: application.id },
      include: { steps: true },
    });
    expect(runRow.status).toBe("succeeded");
    expect(runRow.steps.every((s) => s.status === "succeeded" && s.attempts === 1)).toBe(true);
  });

  it("never creates two tenants for one slug", async () => {
    const slug = uniqueSlug("dup");
    const { application } = await provisionTestTenant({ slug });
    // The database refuses a second application for the slug, case-insensitively.
    await expect(createApplication({ slug: slug.toUpperCase() })).rejects.toThrow(/active_slug/);
    // And a tenant that holds the slug already (made outside any application) stops a run at step 1.
    const other = uniqueSlug("held");
    await landlord().tenant.create({
      data: {
        id: crypto.randomUUID(),
        name: "Held",
        slug: other,
        email: "x@example.org",
        databaseName: `tenant_${other.replaceAll("-", "_")}`,
      },
    });
    const second = await createApprovedApplication({ slug: other });
    const { outcome } = await run(second.id);
    expect(outcome).toBe("failed");
    expect(await landlord().tenant.count({ where: { slug: other } })).toBe(1);
    expect((await landlord().tenantApplication.findUniqueOrThrow({ where: { id: second.id } })).failureReason).toMatch(
      /already belongs to another tenant/,
    );
    expect(await landlord().tenant.count({ where: { slug } })).toBe(1);
    expect((await footprint(slug, application.id)).admins).toBe(1);
  });

  it("rolls back on failure: database dropped, tenant and token removed, application failed with the reason, audited", async () => {
    const application = await createApprovedApplication();
    vi.spyOn(stepNamed("send-welcome-email"), "run").mockRejectedValue(new Error("mail server on fire"));
    const { outcome, ref } = await run(application.id);
    expect(outcome).toBe("failed");
    const after = await landlord().tenantApplication.findUniqueOrThrow({ where: { id: application.id } });
    expect(after.status).toBe("provisioning_failed");
    expect(after.failureReason).toBe("Send the welcome email failed: mail server on fire");
    expect(after.tenantId).toBeNull();
    expect(await footprint(application.requestedSlug, application.id)).toEqual(NOTHING_LEFT);
    const actions = (await landlord().auditLog.findMany({ where: { applicationId: application.id } })).map(
      (a) => a.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(["provisioning.step_failed", "provisioning.failed", "provisioning.rolled_back"]),
    );
    const runRow = await landlord().provisioningRun.findUniqueOrThrow({
      where: { id: ref.runId },
      include: { steps: true },
    });
    expect(runRow.status).toBe("failed");
    const failedStep = runRow.steps.find((s) => s.name === "send-welcome-email");
    expect(failedStep).toMatchObject({ status: "failed", attempts: 4, lastError: "mail server on fire" });
    expect(failedStep?.errors).toHaveLength(4);
  });
});

describe("provisioning: every step, a fault once and a fault that never clears", () => {
  const names = PROVISIONING_STEPS.map((s) => s.name);

  it.each(names)(
    "%s: a fault after its work, once, is retried and ends with exactly one of everything",
    async (name: StepName) => {
      const application = await createApprovedApplication();
      const step = stepNamed(name);
      const original = step.run;
      vi.spyOn(step, "run").mockImplementationOnce(async (ctx) => {
        await original(ctx);
        throw new Error(`injected fault after ${name}`);
      });
      const { outcome, ref } = await run(application.id);
      expect(outcome).toBe("succeeded");
      expect(await footprint(application.requestedSlug, application.id)).toEqual(ONE_OF_EVERYTHING);
      const recorded = await landlord().provisioningStep.findUniqueOrThrow({
        where: { runId_name: { runId: ref.runId, name } },
      });
      expect(recorded).toMatchObject({ status: "succeeded", attempts: 2, lastError: `injected fault after ${name}` });
    },
  );

  it.each(names)("%s: a fault that never clears rolls back everything", async (name: StepName) => {
    const application = await createApprovedApplication();
    vi.spyOn(stepNamed(name), "run").mockRejectedValue(new Error(`${name} keeps failing`));
    const { outcome } = await run(application.id);
    expect(outcome).toBe("failed");
    expect(await footprint(application.requestedSlug, application.id)).toEqual({
      tenants: 0,
      database: false,
      admins: 0,
      // The outbox is the mailbox here and nothing was sent: an undelivered
      // welcome email goes with its tenant (a sent one would stay, its link withdrawn).
      welcomeEmails: 0,
      liveTokens: 0,
    });
    const after = await landlord().tenantApplication.findUniqueOrThrow({ where: { id: application.id } });
    expect(after.status).toBe("provisioning_failed");
    expect(after.failureReason).toContain(`${name} keeps failing`);
  });

  it("a failed application can be retried and then provisions cleanly", async () => {
    const application = await createApprovedApplication();
    vi.spyOn(stepNamed("run-migrations"), "run").mockRejectedValue(new Error("disk full"));
    expect((await run(application.id)).outcome).toBe("failed");
    vi.restoreAllMocks();
    const retry = await run(application.id);
    expect(retry.outcome).toBe("succeeded");
    expect(retry.ref.attempt).toBe(2);
    expect(await footprint(application.requestedSlug, application.id)).toMatchObject({
      tenants: 1,
      database: true,
      admins: 1,
      welcomeEmails: 1,
    });
    const actions = (await landlord().auditLog.findMany({ where: { applicationId: application.id } })).map(
      (a) => a.action,
    );
    expect(actions).toContain("provisioning.retried");
  });
});

describe("provisioning: interruption, races and hostile input", () => {
  it("a run interrupted halfway is picked up again and completes without duplicates", async () => {
    const application = await createApprovedApplication();
    const ref = await beginRun(application.id, TEST_ADMIN, "inline");
    const ctx = { runId: ref.runId, applicationId: application.id };
    for (const name of ["create-tenant-record", "create-database", "run-migrations", "seed-initial-admin"] as const) {
      await executeStep(ctx, name);
    }
    // The process "dies" inside send-welcome-email: the step is left running.
    await landlord().provisioningStep.update({
      where: { runId_name: { runId: ref.runId, name: "send-welcome-email" } },
      data: { status: "running", attempts: 1 },
    });
    await landlord().provisioningRun.update({
      where: { id: ref.runId },
      data: { status: "running", heartbeatAt: new Date(Date.now() - 60_000) },
    });

    const resumed = await sweepStaleRuns(inlineDriver);
    expect(resumed).toContain(ref.runId);
    await inlineIdle();
    expect(await footprint(application.requestedSlug, application.id)).toEqual(ONE_OF_EVERYTHING);
    expect((await landlord().tenantApplication.findUniqueOrThrow({ where: { id: application.id } })).status).toBe(
      "provisioned",
    );
    const steps = await landlord().provisioningStep.findMany({ where: { runId: ref.runId } });
    expect(steps.find((s) => s.name === "create-database")?.attempts).toBe(1); // finished steps are not run again
  });

  it("a run whose driver is still alive is not taken over", async () => {
    const application = await createApprovedApplication();
    const ref = await beginRun(application.id, TEST_ADMIN, "inline");
    await landlord().provisioningRun.update({
      where: { id: ref.runId },
      data: { status: "running", heartbeatAt: new Date() },
    });
    expect(await sweepStaleRuns(inlineDriver)).not.toContain(ref.runId);
  });

  it("a run this process cannot claim keeps no initial password in its memory", async () => {
    const application = await createApprovedApplication();
    const ref = await beginRun(application.id, TEST_ADMIN, "inline");
    await landlord().provisioningRun.update({
      where: { id: ref.runId },
      data: { status: "running", heartbeatAt: new Date() }, // another process drives it
    });
    inlineDriver.prepare?.(application.id);
    expect(preparedInitialPassword(application.id)).toBeDefined();
    expect(await dispatchInline(ref.runId, application.id)).toBe("skipped");
    expect(preparedInitialPassword(application.id)).toBeUndefined();
  });

  it("10 concurrent approvals of one application give exactly one run and one tenant", async () => {
    const application = await createApplication();
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, () => approveAndStart(application.id, TEST_OPERATOR, "ok", inlineDriver)),
    );
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(1);
    for (const failed of attempts.filter((a) => a.status === "rejected")) {
      expect(String((failed as PromiseRejectedResult).reason)).toMatch(/Cannot approve an application that is/);
    }
    await inlineIdle();
    expect(await landlord().provisioningRun.count({ where: { applicationId: application.id } })).toBe(1);
    expect(await footprint(application.requestedSlug, application.id)).toMatchObject({
      tenants: 1,
      database: true,
      admins: 1,
      welcomeEmails: 1,
    });
  });

  it("two applications racing for one slug: one is refused by the database, one tenant results", async () => {
    const slug = uniqueSlug("race");
    const created = await Promise.allSettled([createApplication({ slug }), createApplication({ slug })]);
    const winners = created.filter((c) => c.status === "fulfilled");
    expect(winners).toHaveLength(1);
    const winner = (winners[0] as PromiseFulfilledResult<{ id: string }>).value;
    await transitionApplication(winner.id, "approved");
    await startProvisioning(winner.id, TEST_ADMIN, inlineDriver);
    await inlineIdle();
    expect(await landlord().tenant.count({ where: { slug } })).toBe(1);
  });

  it("a slug crafted to break out of the identifier never reaches SQL", async () => {
    const before = await allDatabases();
    const hostile = ["x`; DROP DATABASE mysql; --", "a'b", "a;b", "tenant_x`.`y", "ab\\"];
    for (const slug of hostile) {
      // Written past the form's validation, as if the row had been tampered with.
      const application = await createApprovedApplication({ slug, email: `h${Math.random()}@example.org` });
      const { outcome } = await run(application.id);
      expect(outcome).toBe("failed");
      const after = await landlord().tenantApplication.findUniqueOrThrow({ where: { id: application.id } });
      expect(after.failureReason).toMatch(/Invalid slug/);
      expect(await landlord().tenant.count({ where: { slug } })).toBe(0);
    }
    // Other test files make databases meanwhile: none of the new ones may come from these slugs.
    const added = (await allDatabases()).filter((name) => !before.includes(name));
    expect(added.filter((name) => /drop|mysql|[`';\\.]|^tenant_(a_?b_*|x_*y|x_.*)$/i.test(name))).toEqual([]);
    expect(await databaseExists("mysql")).toBe(true);
  });
});
