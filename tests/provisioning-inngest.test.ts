// The Inngest function runs the same steps as the inline driver. The test
// engine runs the real step code against MariaDB; it does not retry, so
// executing again is the retry (as Inngest would after a failed step).
import { InngestTestEngine } from "@inngest/test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { provisioningRequested } from "@/inngest/events";
import { provisionTenant, rollbackFailedRun } from "@/inngest/functions/provision-tenant";
import { landlord } from "@/lib/db/landlord";
import { STEP_RETRIES } from "@/lib/provisioning/policy";
import { beginRun, markRollingBack } from "@/lib/provisioning/runs";
import { stepNamed } from "@/lib/provisioning/steps";
import { createApprovedApplication, TEST_ADMIN } from "./helpers/applications";
import { footprint, ONE_OF_EVERYTHING } from "./helpers/tenant-state";

afterEach(() => vi.restoreAllMocks());

async function requested() {
  const application = await createApprovedApplication();
  const run = await beginRun(application.id, TEST_ADMIN, "inngest");
  const data = {
    applicationId: application.id,
    runId: run.runId,
    attempt: run.attempt,
    slug: run.slug,
    key: `${application.id}:1`,
  };
  const engine = () =>
    new InngestTestEngine({ function: provisionTenant, events: [{ name: provisioningRequested.name, data }] });
  return { application, run, data, engine };
}

describe("provision-tenant (Inngest function)", () => {
  it("provisions a tenant: every step, then the application provisioned", async () => {
    const { application, run, engine } = await requested();
    const { result, error } = await engine().execute();
    expect(error).toBeUndefined();
    expect(result).toEqual({ runId: run.runId, status: "provisioned" });
    expect((await landlord().tenantApplication.findUniqueOrThrow({ where: { id: application.id } })).status).toBe(
      "provisioned",
    );
    expect(await footprint(application.requestedSlug, application.id)).toEqual(ONE_OF_EVERYTHING);
    const recorded = await landlord().provisioningRun.findUniqueOrThrow({
      where: { id: run.runId },
      include: { steps: true },
    });
    expect(recorded).toMatchObject({ status: "succeeded", driver: "inngest" });
    expect(recorded.steps.every((s) => s.status === "succeeded")).toBe(true);
  });

  it("a step that fails once fails the execution; executing again (Inngest's retry) completes with one of everything", async () => {
    const { application, engine } = await requested();
    const step = stepNamed("seed-initial-admin");
    const original = step.run;
    vi.spyOn(step, "run").mockImplementationOnce(async (ctx) => {
      await original(ctx);
      throw new Error("connection reset after insert");
    });
    const first = await engine().execute();
    expect(JSON.stringify(first.error)).toMatch(/connection reset after insert/);
    const second = await engine().execute();
    expect(second.error).toBeUndefined();
    expect(await footprint(application.requestedSlug, application.id)).toEqual(ONE_OF_EVERYTHING);
  });

  it("a permanent error is not retried by Inngest (NonRetriableError)", async () => {
    const { engine } = await requested();
    vi.spyOn(stepNamed("create-tenant-record"), "run").mockRejectedValueOnce(
      new (await import("@/lib/errors")).AppError("CONFLICT", "slug taken"),
    );
    const { error } = await engine().execute();
    expect((error as { name?: string } | undefined)?.name).toBe("NonRetriableError");
  });

  it("is configured with per-step retries, a limit per slug and a global one, an idempotency key per application attempt, and rollback on failure", () => {
    const config = (provisionTenant as unknown as { opts: Record<string, unknown> }).opts;
    expect(config.retries).toBe(STEP_RETRIES);
    expect(config.concurrency).toEqual([{ key: "event.data.slug", limit: 1 }, { limit: expect.any(Number) }]);
    expect(config.idempotency).toBe("event.data.key");
    expect(typeof config.onFailure).toBe("function");
  });

  it("its failure handler rolls the run back", async () => {
    const { application, run, data, engine } = await requested();
    vi.spyOn(stepNamed("send-welcome-email"), "run").mockRejectedValue(new Error("resend down"));
    const { error } = await engine().execute();
    expect(error).toBeDefined();
    expect(await footprint(application.requestedSlug, application.id)).toMatchObject({ tenants: 1, database: true });

    const onFailure = (provisionTenant as unknown as { opts: { onFailure: (ctx: unknown) => Promise<void> } }).opts
      .onFailure;
    await onFailure({
      event: { data: { event: { data }, error: { message: "resend down" } } },
      error: new Error("resend down"),
    });
    expect(await footprint(application.requestedSlug, application.id)).toMatchObject({
      tenants: 0,
      database: false,
      admins: 0,
    });
    const after = await landlord().tenantApplication.findUniqueOrThrow({ where: { id: application.id } });
    expect(after).toMatchObject({ status: "provisioning_failed", failureReason: "resend down" });
    expect((await landlord().provisioningRun.findUniqueOrThrow({ where: { id: run.runId } })).status).toBe("failed");

    // Safe to run twice.
    await rollbackFailedRun(data, new Error("again"));
    expect(
      (await landlord().tenantApplication.findUniqueOrThrow({ where: { id: application.id } })).failureReason,
    ).toBe("resend down");
  });

  it("resumed after a rollback that was cut off, finishes the rollback and runs no step", async () => {
    const { application, run, engine } = await requested();
    vi.spyOn(stepNamed("send-welcome-email"), "run").mockRejectedValueOnce(new Error("resend down"));
    await engine().execute(); // the steps before the welcome email are done
    // The rollback began (recorded on the run) and stopped before undoing anything.
    await markRollingBack(run.runId, "resend down");
    const activate = vi.spyOn(stepNamed("activate-tenant"), "run");
    const { result, error } = await engine().execute();
    expect(error).toBeUndefined();
    expect(result).toEqual({ runId: run.runId, status: "rolled-back" });
    expect(activate).not.toHaveBeenCalled();
    expect(await footprint(application.requestedSlug, application.id)).toMatchObject({ tenants: 0, database: false });
    expect(await landlord().tenantApplication.findUniqueOrThrow({ where: { id: application.id } })).toMatchObject({
      status: "provisioning_failed",
      failureReason: "resend down",
    });
  });
});
