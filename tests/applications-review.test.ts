// The review actions against the real MariaDB. Only the boundaries are
// simulated: the request (next/headers), the session (next-auth's
// getServerSession), the cache (next/cache) and the workflow driver, which
// records the runs handed to it (provisioning has its own tests). Every
// database effect is real: approval starts the run in the same transaction.
import { randomUUID } from "node:crypto";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { approveApplicationAction, rejectApplicationAction } from "@/app/admin/(console)/applications/[id]/actions";
import { landlord } from "@/lib/db/landlord";
import { sampleApplication } from "@/lib/platform/applications/fixtures";
import { applicationInput } from "@/lib/platform/applications/input";
import { transitionApplication } from "@/lib/platform/applications/status";
import { submitApplication } from "@/lib/platform/applications/submit";
import type { RunRef } from "@/lib/provisioning/runs";
import { adminSessionOf, createTestAdmin, type TestAdmin } from "./helpers/platform-admin";
import { boundary } from "./setup/request-boundary";

const workflow = vi.hoisted(() => ({ handedOver: [] as RunRef[] }));
vi.mock("@/app/workflow", () => ({
  workflowDriver: () => ({ name: "inline", dispatch: async (run: RunRef) => void workflow.handedOver.push(run) }),
}));

boundary.headers = new Headers({ "x-forwarded-for": "192.0.2.10", "user-agent": "AdminBrowser/2.0" });

let admin: TestAdmin;
let reviewerSession: unknown;
const signIn = () => {
  boundary.session = reviewerSession;
};

let n = 0;
/** Submitted, then confirmed by the applicant: in the review queue. */
async function pendingApplication(overrides: Parameters<typeof sampleApplication>[0] = {}) {
  const input = applicationInput.parse(
    sampleApplication({
      requestedSlug: `review-${Date.now().toString(36)}-${++n}`,
      contactEmail: `applicant${n}@example.org`,
      ...overrides,
    }),
  );
  const submitted = await submitApplication(input, { ip: `203.0.113.${n % 250}`, userAgent: "test" });
  await transitionApplication(submitted.id, "pending");
  return submitted;
}

const load = (id: string) => landlord().tenantApplication.findUniqueOrThrow({ where: { id } });
const auditOf = (id: string, action: string) => landlord().auditLog.findMany({ where: { applicationId: id, action } });

beforeAll(async () => {
  admin = await createTestAdmin("reviewer", "reviewer@example.com");
  reviewerSession = (await adminSessionOf(admin)).session;
});

beforeEach(() => {
  signIn();
  workflow.handedOver = [];
});

describe("approving", () => {
  it("approves with notes, records reviewer and time, audits admin, IP, user agent and notes, then hands over", async () => {
    const { id } = await pendingApplication();
    const result = await approveApplicationAction({ applicationId: id, notes: "  Verified by phone.  " });
    expect(result).toEqual({ ok: true, data: { status: "provisioning_started", queued: false } });

    const row = await load(id);
    expect(row).toMatchObject({
      status: "provisioning_started",
      reviewerId: BigInt(admin.id),
      reviewNotes: "Verified by phone.",
    });
    expect(row.reviewedAt).toBeInstanceOf(Date);
    expect(await auditOf(id, "application.approved")).toEqual([
      expect.objectContaining({
        actorType: "platform_admin",
        actorId: admin.id,
        actorLabel: admin.email,
        ip: "192.0.2.10",
        userAgent: "AdminBrowser/2.0",
        context: expect.objectContaining({ notes: "Verified by phone.", reference: row.reference }),
      }),
    ]);
    const runs = await landlord().provisioningRun.findMany({ where: { applicationId: id } });
    expect(runs).toEqual([expect.objectContaining({ status: "queued", attempt: 1 })]);
    expect(workflow.handedOver).toEqual([expect.objectContaining({ applicationId: id, runId: runs[0]?.id })]);
    expect(await auditOf(id, "provisioning.started")).toHaveLength(1);
  });

  it("approves without notes", async () => {
    const { id } = await pendingApplication();
    expect(await approveApplicationAction({ applicationId: id })).toMatchObject({ ok: true });
    expect((await load(id)).reviewNotes).toBeNull();
  });
});

describe("rejecting", () => {
  it("needs a reason, stores it, audits it and emails it to the applicant", async () => {
    const { id } = await pendingApplication({ contactEmail: "applicant@example.org" });
    expect(await rejectApplicationAction({ applicationId: id, reason: "   " })).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
      fieldErrors: { reason: [expect.stringMatching(/Give the applicant a reason/)] },
    });
    expect((await load(id)).status).toBe("pending");

    const reason = "We could not verify <b>who</b> you represent.\nApply from an official address.";
    expect(await rejectApplicationAction({ applicationId: id, reason })).toEqual({
      ok: true,
      data: { status: "rejected", emailError: undefined },
    });
    const row = await load(id);
    expect(row).toMatchObject({ status: "rejected", reviewNotes: reason, activeSlug: null });
    expect(await auditOf(id, "application.rejected")).toEqual([
      expect.objectContaining({
        actorId: admin.id,
        ip: "192.0.2.10",
        context: expect.objectContaining({ notes: reason }),
      }),
    ]);
    const email = await landlord().emailOutbox.findUniqueOrThrow({
      where: { idempotencyKey: `application-rejected:${id}` },
    });
    expect(email).toMatchObject({ template: "application-rejected", toAddress: "applicant@example.org" });
    expect(email.html).toContain("We could not verify &lt;b&gt;who&lt;/b&gt; you represent.");
    expect(email.text).toContain("Apply from an official address.");
    expect(workflow.handedOver).toEqual([]);
  });
});

describe("illegal transitions are refused with a clear message and change nothing", () => {
  it("approving a rejected application, approving twice, rejecting an approved one", async () => {
    const rejected = await pendingApplication();
    await rejectApplicationAction({ applicationId: rejected.id, reason: "No." });
    const approved = await pendingApplication();
    await approveApplicationAction({ applicationId: approved.id, notes: "first" });
    const snapshot = async () => [await load(rejected.id), await load(approved.id), await landlord().auditLog.count()];
    const before = await snapshot();

    expect(await approveApplicationAction({ applicationId: rejected.id })).toEqual({
      ok: false,
      code: "INVALID_STATE",
      error: "Cannot approve an application that is rejected.",
    });
    expect(await approveApplicationAction({ applicationId: approved.id, notes: "second" })).toMatchObject({
      code: "INVALID_STATE",
      error: "Cannot approve an application that is provisioning.",
    });
    expect(await rejectApplicationAction({ applicationId: approved.id, reason: "too late" })).toMatchObject({
      code: "INVALID_STATE",
      error: "Cannot reject an application that is provisioning.",
    });
    expect(await snapshot()).toEqual(before);
    expect(
      await landlord().emailOutbox.count({ where: { applicationId: approved.id, template: "application-rejected" } }),
    ).toBe(0);
  });

  it("refuses an application that is provisioning or provisioned, and one that does not exist", async () => {
    const { id } = await pendingApplication();
    await approveApplicationAction({ applicationId: id });
    expect(await rejectApplicationAction({ applicationId: id, reason: "x" })).toMatchObject({
      error: "Cannot reject an application that is provisioning.",
    });
    expect(await approveApplicationAction({ applicationId: randomUUID() })).toEqual({
      ok: false,
      code: "NOT_FOUND",
      error: "That application does not exist.",
    });
    expect(await approveApplicationAction({ applicationId: "'; DROP TABLE users; --" })).toMatchObject({
      code: "INVALID_INPUT",
    });
  });
});

describe("concurrent reviews", () => {
  it("of one application approved and rejected at once, exactly one wins", async () => {
    for (let round = 0; round < 5; round++) {
      const { id } = await pendingApplication();
      const results = await Promise.all([
        approveApplicationAction({ applicationId: id, notes: "approve" }),
        rejectApplicationAction({ applicationId: id, reason: "reject" }),
        approveApplicationAction({ applicationId: id, notes: "approve again" }),
        rejectApplicationAction({ applicationId: id, reason: "reject again" }),
      ]);
      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      for (const loser of results.filter((r) => !r.ok)) expect(loser).toMatchObject({ code: "INVALID_STATE" });
      const row = await load(id);
      const won = winners[0]?.ok ? winners[0].data.status : undefined;
      expect(row.status).toBe(won);
      const audits = await landlord().auditLog.count({
        where: { applicationId: id, action: { in: ["application.approved", "application.rejected"] } },
      });
      expect(audits).toBe(1);
      const rejectionEmails = await landlord().emailOutbox.count({
        where: { applicationId: id, template: "application-rejected" },
      });
      expect(rejectionEmails).toBe(row.status === "rejected" ? 1 : 0);
    }
  });
});

describe("without a platform session", () => {
  it("a forged or replayed action call gets UNAUTHORIZED and changes nothing", async () => {
    const { id } = await pendingApplication();
    const before = [await load(id), await landlord().auditLog.count(), await landlord().emailOutbox.count()];
    const refused = { ok: false, code: "UNAUTHORIZED", error: "Sign in as a platform admin to do this." };

    boundary.session = null;
    expect(await approveApplicationAction({ applicationId: id, notes: "forged" })).toEqual(refused);
    expect(await rejectApplicationAction({ applicationId: id, reason: "forged" })).toEqual(refused);
    // Even malformed input is refused for the session first, revealing nothing about validation.
    expect(await approveApplicationAction({ applicationId: "nope" } as never)).toEqual(refused);

    // A tenant user's session is not a platform session either.
    boundary.session = { userId: "1", realm: "tenant", user: { email: "t@example.org", name: "Tenant" } };
    expect(await approveApplicationAction({ applicationId: id })).toEqual(refused);

    expect([await load(id), await landlord().auditLog.count(), await landlord().emailOutbox.count()]).toEqual(before);
    expect(workflow.handedOver).toEqual([]);
  });
});
