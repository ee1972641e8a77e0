// Closing an application whose provisioning failed, against MariaDB: only
// from provisioning_failed; the slug is released, the applicant emailed the
// reason, the closing audited with it; a viewer is refused on the server.
import { beforeEach, describe, expect, it } from "vitest";
import { closeApplicationAction } from "@/app/admin/(console)/applications/[id]/actions";
import ApplicationPage from "@/app/admin/(console)/applications/[id]/page";
import { landlord } from "@/lib/db/landlord";
import { closeApplication } from "@/lib/platform/applications/close";
import { closingReason, statusHistory } from "@/lib/platform/applications/history";
import { startProvisioning } from "@/lib/provisioning/start";
import { captureIo } from "@/scripts/lib/cli/capture";
import { main } from "@/scripts/lib/cli/main";
import { createApplication, provisionTestTenant, TEST_ADMIN, uniqueSlug } from "./helpers/applications";
import { failedApplication } from "./helpers/failed-runs";
import { platformSession } from "./helpers/platform-admin";
import { serialize } from "./helpers/tenant-auth";
import { boundary } from "./setup/request-boundary";

const REASON = "We could not create your space this month.\nPlease apply again in December.";

async function state(id: string) {
  const db = landlord();
  const [row] = await db.$queryRaw<{ status: string; active_slug: string | null }[]>`
    SELECT status, active_slug FROM tenant_applications WHERE id = ${id}`;
  return {
    ...row,
    audits: await db.auditLog.count({ where: { applicationId: id } }),
    emails: await db.emailOutbox.count({ where: { applicationId: id } }),
  };
}

beforeEach(() => {
  boundary.session = null;
});

describe("closing an application", () => {
  it("from provisioning_failed: closed, slug released, applicant emailed the reason, audited with it", async () => {
    const { application } = await failedApplication("create-database", "no room");
    expect(await state(application.id)).toMatchObject({
      status: "provisioning_failed",
      active_slug: application.requestedSlug,
    });

    const { application: closed, emailError } = await closeApplication(application.id, TEST_ADMIN, REASON);
    expect(emailError).toBeUndefined();
    expect(closed.status).toBe("closed");
    expect(await state(application.id)).toMatchObject({ status: "closed", active_slug: null });

    // The slug is free: a new application may ask for it.
    const again = await createApplication({ slug: application.requestedSlug });
    expect(again.requestedSlug).toBe(application.requestedSlug);

    const email = await landlord().emailOutbox.findUniqueOrThrow({
      where: { idempotencyKey: `application-closed:${application.id}` },
    });
    expect(email).toMatchObject({ template: "application-closed", toAddress: application.contactEmail });
    expect(email.text).toContain("We could not create your space this month.");
    expect(email.text).toContain(application.reference);
    expect(email.text).toContain(application.organizationName);
    // No other words the visitor typed: not their name, not their note.
    expect(email.text).not.toContain(application.contactFirstName);

    const audit = await landlord().auditLog.findFirstOrThrow({
      where: { applicationId: application.id, action: "application.closed" },
    });
    expect(audit).toMatchObject({ actorType: "platform_admin", actorLabel: TEST_ADMIN.label });
    expect(audit.context).toMatchObject({ reason: REASON, slug: application.requestedSlug });

    const trail = await landlord().auditLog.findMany({
      where: { applicationId: application.id },
      orderBy: { id: "asc" },
    });
    expect(statusHistory(trail).at(-1)?.status).toBe("closed");
    expect(closingReason(trail)).toBe(REASON);
  });

  it.each(["pending", "approved", "provisioning_started", "rejected", "expired", "unconfirmed"] as const)(
    "is refused from %s, changing nothing",
    async (status) => {
      const application = await createApplication({ status });
      const before = await state(application.id);
      await expect(closeApplication(application.id, TEST_ADMIN, REASON)).rejects.toMatchObject({
        code: "INVALID_STATE",
        message: expect.stringMatching(/Only an application whose provisioning failed can be closed/),
      });
      expect(await state(application.id)).toEqual(before);
    },
  );

  it("is refused for a provisioned application (its tenant is purged instead) and twice for a closed one", async () => {
    const { application } = await provisionTestTenant({ slug: uniqueSlug("cl-prov") });
    const before = await state(application.id);
    await expect(closeApplication(application.id, TEST_ADMIN, REASON)).rejects.toMatchObject({
      code: "INVALID_STATE",
    });
    expect(await state(application.id)).toEqual(before);

    const failed = await failedApplication("run-migrations", "broken");
    await closeApplication(failed.application.id, TEST_ADMIN, REASON);
    const closed = await state(failed.application.id);
    await expect(closeApplication(failed.application.id, TEST_ADMIN, REASON)).rejects.toMatchObject({
      code: "INVALID_STATE",
    });
    expect(await state(failed.application.id)).toEqual(closed);
  });

  it("of a close and a retry at the same moment, exactly one wins", async () => {
    const { application } = await failedApplication("create-database", "no room");
    const idle = { name: "inline" as const, dispatch: async () => undefined };
    const outcomes = await Promise.allSettled([
      closeApplication(application.id, TEST_ADMIN, REASON),
      startProvisioning(application.id, TEST_ADMIN, idle),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const { status } = await state(application.id);
    expect(["closed", "provisioning_started"]).toContain(status);
  });
});

describe("the console's close action", () => {
  it("is refused, on the server, to a viewer, and nothing changes", async () => {
    const { application } = await failedApplication("create-database", "no room");
    boundary.session = await platformSession("viewer");
    const before = await state(application.id);
    expect(await closeApplicationAction({ applicationId: application.id, reason: REASON })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect(await state(application.id)).toEqual(before);
  });

  it("needs a reason, and closes for a reviewer", async () => {
    const { application } = await failedApplication("create-database", "no room");
    boundary.session = await platformSession("reviewer");
    expect(await closeApplicationAction({ applicationId: application.id, reason: "   " })).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
      fieldErrors: { reason: [expect.stringMatching(/reason/)] },
    });
    expect(await closeApplicationAction({ applicationId: application.id, reason: REASON })).toEqual({
      ok: true,
      data: { status: "closed", emailError: undefined },
    });
    expect((await state(application.id)).status).toBe("closed");
  });

  it("the page offers the form to a reviewer of a failed application only, and shows the reason once closed", async () => {
    const { application } = await failedApplication("create-database", "no room");
    const page = async (role: "viewer" | "reviewer") => {
      boundary.session = await platformSession(role);
      return serialize(await ApplicationPage({ params: Promise.resolve({ id: application.id }) }));
    };
    // The form's own props: its slug prop beside the contact address, which no other part of the page gets together.
    const form = `"contactEmail":"${application.contactEmail}","slug":"${application.requestedSlug}"`;
    expect(await page("reviewer")).toContain(form);
    expect(await page("viewer")).not.toContain(form);
    await closeApplication(application.id, TEST_ADMIN, REASON);
    const closed = await page("reviewer");
    expect(closed).not.toContain(form);
    expect(closed).toContain(JSON.stringify(REASON).slice(1, -1));
  });
});

describe("tenants close-application", () => {
  it("closes by reference or id with a reason, refuses without one (2) and where the status does not allow it (1)", async () => {
    const { application } = await failedApplication("create-database", "no room");
    const run = async (...args: string[]) => {
      const out = captureIo();
      const code = await main(["close-application", ...args], out.io, { actor: TEST_ADMIN });
      return { code, stdout: out.stdout(), stderr: out.stderr() };
    };
    expect(await run(application.reference)).toMatchObject({ code: 2, stderr: expect.stringMatching(/--reason/) });
    expect((await state(application.id)).status).toBe("provisioning_failed");

    const closed = await run(application.reference, "--reason", REASON);
    expect(closed).toMatchObject({ code: 0, stdout: expect.stringContaining(`Closed ${application.reference}`) });
    expect(await state(application.id)).toMatchObject({ status: "closed", active_slug: null });

    const pending = await createApplication({ status: "pending" });
    expect(await run(pending.id, "--reason", REASON)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/Only an application whose provisioning failed can be closed/),
    });
    expect(await run("APP-2222-2222", "--reason", REASON)).toMatchObject({ code: 1, stderr: /No application/ });
  });
});
