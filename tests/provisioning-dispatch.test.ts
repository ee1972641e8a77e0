// Approval and the start of its run are one transaction; the run is handed to
// its driver after the commit, and a hand-off that is lost (a fault between
// commit and dispatch, a process that dies, a shutdown) is picked up by the
// sweeper, under either driver. Heartbeats are short here (configuration).
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { inngest } from "@/inngest/client";
import { inngestDriver } from "@/inngest/driver";
import { landlord } from "@/lib/db/landlord";
import { connect } from "@/lib/db/server";
import { resetEnvCache } from "@/lib/env";
import { sweepStaleRuns } from "@/lib/provisioning/dispatch";
import type { ProvisioningDriver } from "@/lib/provisioning/driver";
import {
  configureInlineDriver,
  drainInline,
  inlineDriver,
  inlineIdle,
  resumeInline,
} from "@/lib/provisioning/inline-driver";
import { approveAndStart, startProvisioning } from "@/lib/provisioning/start";
import { stepNamed } from "@/lib/provisioning/steps";
import { provisioningPanel } from "@/lib/provisioning/timeline";
import { createApplication, createApprovedApplication, TEST_ADMIN, TEST_OPERATOR } from "./helpers/applications";
import { testServer } from "./helpers/server";
import { footprint, ONE_OF_EVERYTHING } from "./helpers/tenant-state";

process.env.PROVISIONING_HEARTBEAT_SECONDS = "1"; // abandoned after 3 s of silence
resetEnvCache();

beforeAll(() => configureInlineDriver({ backoffBaseMs: 1 }));
afterEach(() => {
  vi.restoreAllMocks();
  resumeInline();
});

const LATER = () => new Date(Date.now() + 60_000);

/** A driver that loses its hand-off: the fault between commit and dispatch. */
const lostHandOff: ProvisioningDriver = {
  name: "inline",
  dispatch: async () => {
    throw new Error("the process died right after the commit");
  },
};

async function statusOf(applicationId: string) {
  return (await landlord().tenantApplication.findUniqueOrThrow({ where: { id: applicationId } })).status;
}

async function actionsOf(applicationId: string) {
  const entries = await landlord().auditLog.findMany({ where: { applicationId }, orderBy: { id: "asc" } });
  return entries.map((e) => e.action);
}

describe("approval is one transaction", () => {
  it("approves, starts the run with its steps and audits both, then provisions", async () => {
    const application = await createApplication();
    const run = await approveAndStart(application.id, TEST_OPERATOR, "verified", inlineDriver);
    expect(run.dispatched).toBe(true);
    await inlineIdle();
    expect(await statusOf(application.id)).toBe("provisioned");
    expect((await actionsOf(application.id)).slice(0, 2)).toEqual(["application.approved", "provisioning.started"]);
    expect(await landlord().provisioningStep.count({ where: { runId: run.runId } })).toBe(6);
  });

  it("when starting the run fails inside the transaction, the approval is undone too", async () => {
    const application = await createApplication();
    // A real fault in the database: the run's insert is refused for this application.
    const conn = await connect(testServer(), { database: landlordName() });
    const trigger = `refuse_run_${application.id.slice(0, 8)}`;
    await conn.query(
      `CREATE TRIGGER ${trigger} BEFORE INSERT ON provisioning_runs FOR EACH ROW
       IF NEW.application_id = '${application.id}' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected fault'; END IF`,
    );
    try {
      await expect(approveAndStart(application.id, TEST_OPERATOR, "x", inlineDriver)).rejects.toThrow(/injected fault/);
    } finally {
      await conn.query(`DROP TRIGGER ${trigger}`);
      await conn.end();
    }
    expect(await statusOf(application.id)).toBe("pending");
    expect(await actionsOf(application.id)).toEqual([]);
    expect(await landlord().provisioningRun.count({ where: { applicationId: application.id } })).toBe(0);
  });
});

function landlordName(): string {
  return new URL(process.env.DATABASE_URL as string).pathname.slice(1);
}

describe("a lost hand-off is picked up by the sweeper", () => {
  it("inline: a fault between commit and dispatch still ends provisioned", async () => {
    const application = await createApplication();
    const run = await approveAndStart(application.id, TEST_OPERATOR, "ok", lostHandOff);
    expect(run.dispatched).toBe(false);
    expect(await statusOf(application.id)).toBe("provisioning_started");
    expect(await actionsOf(application.id)).toContain("provisioning.dispatch_failed");
    // Not yet: a run is given three heartbeats before it counts as abandoned.
    expect(await sweepStaleRuns(inlineDriver)).not.toContain(run.runId);
    await sleep(3_200);
    expect(await sweepStaleRuns(inlineDriver)).toContain(run.runId);
    await inlineIdle();
    expect(await statusOf(application.id)).toBe("provisioned");
    expect(await footprint(application.requestedSlug, application.id)).toEqual(ONE_OF_EVERYTHING);
    expect(await actionsOf(application.id)).toContain("provisioning.resumed");
  });

  it("inline: a run this process holds is beaten for and never swept", async () => {
    const application = await createApplication();
    const seed = stepNamed("create-database");
    const original = seed.run;
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    vi.spyOn(seed, "run").mockImplementationOnce(async (ctx) => {
      await held;
      return original(ctx);
    });
    const run = await approveAndStart(application.id, TEST_OPERATOR, "ok", inlineDriver);
    await sleep(3_500); // longer than three heartbeats: the process's beat keeps it live
    expect(await sweepStaleRuns(inlineDriver, new Date())).not.toContain(run.runId);
    const row = await landlord().provisioningRun.findUniqueOrThrow({ where: { id: run.runId } });
    expect(row.heartbeatAt?.getTime()).toBeGreaterThan(Date.now() - 2_000);
    release();
    await inlineIdle();
    expect(await statusOf(application.id)).toBe("provisioned");
  });

  it("Inngest: a lost event is sent again under a new idempotency key, once", async () => {
    const send = vi.spyOn(inngest, "send");
    send.mockRejectedValueOnce(new Error("Inngest unreachable"));
    const application = await createApplication();
    const run = await approveAndStart(application.id, TEST_OPERATOR, "ok", inngestDriver);
    expect(run.dispatched).toBe(false);
    expect((await landlord().provisioningRun.findUniqueOrThrow({ where: { id: run.runId } })).dispatchedAt).toBeNull();

    send.mockResolvedValue({ ids: ["evt"] } as never);
    expect(await sweepStaleRuns(inngestDriver, LATER())).toContain(run.runId);
    const keys = send.mock.calls.map((call) => (call[0] as { data: { key: string } }).data.key);
    expect(keys).toEqual([`${run.runId}:1`, `${run.runId}:2`]);
    const after = await landlord().provisioningRun.findUniqueOrThrow({ where: { id: run.runId } });
    expect(after.dispatchedAt).not.toBeNull();
    // Accepted now: Inngest holds it, and an hour must pass before it is sent again.
    expect(await sweepStaleRuns(inngestDriver, LATER())).not.toContain(run.runId);
    expect(await sweepStaleRuns(inngestDriver, new Date(Date.now() + 2 * 3_600_000))).toContain(run.runId);
  });

  it("a stale run whose application was rolled back meanwhile is closed, not resumed", async () => {
    const application = await createApplication();
    const run = await approveAndStart(application.id, TEST_OPERATOR, "ok", lostHandOff);
    await landlord().tenantApplication.update({
      where: { id: application.id },
      data: { status: "provisioning_failed" },
    });
    expect(await sweepStaleRuns(inlineDriver, LATER())).not.toContain(run.runId);
    expect((await landlord().provisioningRun.findUniqueOrThrow({ where: { id: run.runId } })).status).toBe("failed");
  });
});

describe("an application approved before approval and start were one transaction", () => {
  it("is offered a start, and starting it provisions", async () => {
    const application = await createApprovedApplication();
    expect(await provisioningPanel(application.id)).toMatchObject({ runs: [], offer: "start" });
    await startProvisioning(application.id, TEST_ADMIN, inlineDriver);
    await inlineIdle();
    expect(await statusOf(application.id)).toBe("provisioned");
    expect(await provisioningPanel(application.id)).toMatchObject({ offer: null, going: false });
  });
});

describe("shutdown", () => {
  it("lets the running step finish, gives the run back, and the next sweep completes it", async () => {
    const application = await createApplication();
    const step = stepNamed("run-migrations");
    const original = step.run;
    let entered!: () => void;
    const inStep = new Promise<void>((resolve) => {
      entered = resolve;
    });
    vi.spyOn(step, "run").mockImplementationOnce(async (ctx) => {
      entered();
      await sleep(500);
      return original(ctx);
    });
    const run = await approveAndStart(application.id, TEST_OPERATOR, "ok", inlineDriver);
    await inStep;
    expect(await drainInline(10_000)).toBe(true);
    const steps = await landlord().provisioningStep.findMany({ where: { runId: run.runId } });
    expect(steps.find((s) => s.name === "run-migrations")?.status).toBe("succeeded");
    expect(steps.find((s) => s.name === "seed-initial-admin")?.status).toBe("pending");
    const released = await landlord().provisioningRun.findUniqueOrThrow({ where: { id: run.runId } });
    expect(released.status).toBe("queued");

    resumeInline();
    expect(await sweepStaleRuns(inlineDriver)).toContain(run.runId); // given back: stale at once
    await inlineIdle();
    expect(await statusOf(application.id)).toBe("provisioned");
    expect(await footprint(application.requestedSlug, application.id)).toEqual(ONE_OF_EVERYTHING);
  });
});
