// A rollback cut off half way (chaos run 1 of issue 17): the tenant's database
// and users were already dropped when the landlord refused the rest (a killed
// connection, a pool timeout). The run stayed running, the sweeper resumed it,
// and the resumed run went on from the failed step: the landlord-only steps
// succeeded, and the application ended "provisioned" with no database behind
// it (or, resumed before migrations, failed with "Unknown database"). A run
// whose rollback began must finish its rollback, wherever it is resumed; and
// activation checks that the tenant's database and admin are really there.
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeAll, expect, it, vi } from "vitest";
import { landlord } from "@/lib/db/landlord";
import { connect, dropDatabase, withServerConnection } from "@/lib/db/server";
import { tenantDatabaseName } from "@/lib/db/tenant-database";
import { resetEnvCache } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { sweepStaleRuns } from "@/lib/provisioning/dispatch";
import { configureInlineDriver, inlineDriver, inlineIdle } from "@/lib/provisioning/inline-driver";
import { approveAndStart } from "@/lib/provisioning/start";
import { stepNamed } from "@/lib/provisioning/steps";
import { createApplication, TEST_OPERATOR } from "./helpers/applications";
import { testServer } from "./helpers/server";
import { footprint, NOTHING_LEFT, ONE_OF_EVERYTHING } from "./helpers/tenant-state";

process.env.PROVISIONING_HEARTBEAT_SECONDS = "1";
resetEnvCache();

beforeAll(() => configureInlineDriver({ backoffBaseMs: 1 }));
afterEach(() => vi.restoreAllMocks());

function landlordName(): string {
  return new URL(process.env.DATABASE_URL as string).pathname.slice(1);
}

/** A real fault in the landlord: the application may not become provisioning_failed until `lift()`. */
async function refuseFailure(applicationId: string) {
  const conn = await connect(testServer(), { database: landlordName() });
  const trigger = `refuse_fail_${applicationId.slice(0, 8)}`;
  await conn.query(
    `CREATE TRIGGER ${trigger} BEFORE UPDATE ON tenant_applications FOR EACH ROW
     IF NEW.id = '${applicationId}' AND NEW.status = 'provisioning_failed'
     THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected: the landlord connection died'; END IF`,
  );
  return async () => {
    await conn.query(`DROP TRIGGER IF EXISTS ${trigger}`);
    await conn.end();
  };
}

it("a run resumed after its rollback was cut off finishes the rollback, not the provisioning", async () => {
  const application = await createApplication();
  const lift = await refuseFailure(application.id);
  // The welcome email fails for good once (a permanent error: rollback at once); resumed, it would succeed.
  vi.spyOn(stepNamed("send-welcome-email"), "run").mockRejectedValueOnce(
    new AppError("INVALID_STATE", "injected: the welcome email cannot go out"),
  );
  let runId: string;
  try {
    runId = (await approveAndStart(application.id, TEST_OPERATOR, "ok", inlineDriver)).runId;
    await inlineIdle();
    // The rollback dropped the database, then the landlord refused the rest: the run is left running.
    expect((await landlord().tenantApplication.findUniqueOrThrow({ where: { id: application.id } })).status).toBe(
      "provisioning_started",
    );
  } finally {
    await lift();
  }
  await sleep(3_100); // three heartbeats of silence: abandoned
  expect(await sweepStaleRuns(inlineDriver)).toContain(runId);
  await inlineIdle();

  const after = await landlord().tenantApplication.findUniqueOrThrow({ where: { id: application.id } });
  expect(after.status).toBe("provisioning_failed");
  expect(after.failureReason).toMatch(/welcome email cannot go out/);
  expect(await footprint(application.requestedSlug, application.id)).toEqual(NOTHING_LEFT);
  const run = await landlord().provisioningRun.findUniqueOrThrow({ where: { id: runId } });
  expect(run.status).toBe("failed");
  // The steps after the failed one never ran.
  const activate = await landlord().provisioningStep.findUniqueOrThrow({
    where: { runId_name: { runId, name: "activate-tenant" } },
  });
  expect(activate.status).toBe("pending");
});

it("a run whose tenant database vanished before activation fails and is rolled back, never provisioned", async () => {
  const application = await createApplication();
  const send = stepNamed("send-welcome-email");
  const original = send.run;
  // A real loss on the server between two steps: the database is gone when activation comes.
  vi.spyOn(send, "run").mockImplementationOnce(async (ctx) => {
    const tenant = await landlord().tenant.findFirstOrThrow({
      where: { applications: { some: { id: ctx.applicationId } } },
    });
    await withServerConnection(testServer(), (conn) => dropDatabase(conn, tenantDatabaseName(tenant)));
    return original(ctx);
  });
  await approveAndStart(application.id, TEST_OPERATOR, "ok", inlineDriver);
  await inlineIdle();
  const after = await landlord().tenantApplication.findUniqueOrThrow({ where: { id: application.id } });
  expect(after.status).toBe("provisioning_failed");
  expect(after.failureReason).toMatch(/Activate tenant failed: .*missing/);
  expect(await footprint(application.requestedSlug, application.id)).toMatchObject({ tenants: 0, database: false });
});

it("a migration retry after the database was dropped and not created again makes it again", async () => {
  const application = await createApplication();
  // The migration reset's DROP went through, then the server stopped before its CREATE.
  vi.spyOn(stepNamed("run-migrations"), "run").mockImplementationOnce(async (ctx) => {
    const tenant = await landlord().tenant.findFirstOrThrow({
      where: { applications: { some: { id: ctx.applicationId } } },
    });
    await withServerConnection(testServer(), (conn) => dropDatabase(conn, tenantDatabaseName(tenant)));
    throw new Error("injected: the server stopped between the drop and the create");
  });
  await approveAndStart(application.id, TEST_OPERATOR, "ok", inlineDriver);
  await inlineIdle();
  const after = await landlord().tenantApplication.findUniqueOrThrow({ where: { id: application.id } });
  expect(after.failureReason).toBeNull();
  expect(after.status).toBe("provisioned");
  expect(await footprint(application.requestedSlug, application.id)).toEqual(ONE_OF_EVERYTHING);
});

it("a migration reset never drops a database whose users it cannot count (only a missing table means none)", async () => {
  const application = await createApplication();
  const migrations = stepNamed("run-migrations");
  const original = migrations.run.bind(migrations);
  // The first attempt dies inside a migration, in a database where counting
  // users fails for another reason than a missing table (here, a broken view:
  // ER_VIEW_INVALID; in life, a lost connection or a lock wait).
  vi.spyOn(migrations, "run").mockImplementationOnce(async (ctx) => {
    await original(ctx);
    const tenant = await landlord().tenant.findFirstOrThrow({
      where: { applications: { some: { id: ctx.applicationId } } },
    });
    const conn = await connect(testServer(), { database: tenantDatabaseName(tenant) });
    try {
      await conn.query(
        "UPDATE _prisma_migrations SET finished_at = NULL, logs = 'injected' ORDER BY started_at DESC LIMIT 1",
      );
      await conn.query("RENAME TABLE tenant_users TO tenant_users_kept");
      await conn.query("CREATE VIEW tenant_users AS SELECT * FROM tenant_users_kept");
      await conn.query("RENAME TABLE tenant_users_kept TO tenant_users_elsewhere");
    } finally {
      await conn.end();
    }
    throw new Error("injected: the process died inside a migration");
  });
  await approveAndStart(application.id, TEST_OPERATOR, "ok", inlineDriver);
  await inlineIdle();
  const after = await landlord().tenantApplication.findUniqueOrThrow({ where: { id: application.id } });
  // Without the rule the retry dropped and rebuilt the database and the tenant went live.
  expect(after.status).toBe("provisioning_failed");
  expect(after.failureReason).toMatch(/Run tenant migrations failed: .*tenant_users/);
});
