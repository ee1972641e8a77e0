// Confirming an applicant's email before review, against the real MariaDB:
// the application waits unconfirmed (holding its slug, out of the review
// queue), the confirmation email carries nothing the visitor typed but the
// organization's name and its stored copy no token, the link works once and
// only in time, confirmation emails are capped per recipient, and with no mail
// provider an admin may confirm for the applicant. Only the request, the
// session and the workflow driver are simulated.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { confirmApplicationAction, submitApplicationAction } from "@/app/(public)/apply/actions";
import { approveApplicationAction, confirmOnBehalfAction } from "@/app/admin/(console)/applications/[id]/actions";
import { landlord } from "@/lib/db/landlord";
import { resetEnvCache } from "@/lib/env";
import { openSecrets } from "@/lib/mail/secrets";
import { inspectConfirmationLink } from "@/lib/platform/applications/confirm";
import { hashConfirmationToken } from "@/lib/platform/applications/confirmation-tokens";
import { sampleApplication } from "@/lib/platform/applications/fixtures";
import type { ApplicationFormValues } from "@/lib/platform/applications/input";
import { parseListParams } from "@/lib/platform/applications/list-params";
import { listApplications } from "@/lib/platform/applications/queries";
import { checkSlugAvailability } from "@/lib/platform/applications/slug-availability";
import { transitionApplication } from "@/lib/platform/applications/status";
import type { RunRef } from "@/lib/provisioning/runs";
import { type FakeResend, startFakeResend } from "./helpers/fake-resend";
import { adminSessionOf, createTestAdmin, type TestAdmin } from "./helpers/platform-admin";
import { asRequest, boundary } from "./setup/request-boundary";

const workflow = vi.hoisted(() => ({ handedOver: [] as RunRef[] }));
vi.mock("@/app/workflow", () => ({
  workflowDriver: () => ({ name: "inline", dispatch: async (run: RunRef) => void workflow.handedOver.push(run) }),
}));

let n = 0;
const stamp = Date.now().toString(36);

/** Submits from a client address of its own, to an address of its own unless the test names one. */
async function apply(overrides: Partial<ApplicationFormValues> = {}) {
  const i = ++n;
  const result = await asRequest(
    new Headers({ "x-forwarded-for": `198.51.100.${i}`, "user-agent": "ApplicantBrowser/1.0" }),
    () =>
      submitApplicationAction(
        sampleApplication({
          requestedSlug: `confirm-${stamp}-${i}`,
          contactEmail: `applicant${i}@example.org`,
          ...overrides,
        }),
      ),
  );
  if (!result.ok) throw new Error(result.error);
  return result.data;
}

/** The confirmation email's stored row and the token its recipient gets (sealed beside the row). */
async function confirmationEmail(applicationId: string) {
  const email = await landlord().emailOutbox.findUniqueOrThrow({
    where: { idempotencyKey: `application-confirm:${applicationId}` },
  });
  const { confirmUrl = "" } = openSecrets(email.id, email.secrets);
  const token = confirmUrl.split("/apply/confirm/")[1] ?? "";
  return { email, confirmUrl, token };
}

/** The applicant presses the button on the link's page, from their own browser. */
const confirm = (token: string) =>
  asRequest(new Headers({ "x-forwarded-for": "203.0.113.77", "user-agent": "MailLinkBrowser/3.0" }), () =>
    confirmApplicationAction({ token }),
  );

const load = (id: string) => landlord().tenantApplication.findUniqueOrThrow({ where: { id } });
const auditOf = (id: string, action: string) => landlord().auditLog.findMany({ where: { applicationId: id, action } });
const emailsOf = (id: string, template: string) =>
  landlord().emailOutbox.count({ where: { applicationId: id, template } });
const tokenRow = (token: string) =>
  landlord().applicationConfirmation.findUniqueOrThrow({ where: { tokenHash: hashConfirmationToken(token) } });

let admin: TestAdmin;
let confirmerSession: unknown;
beforeAll(async () => {
  admin = await createTestAdmin("reviewer", "confirmer@example.com");
  confirmerSession = (await adminSessionOf(admin)).session;
});

beforeEach(() => {
  boundary.session = confirmerSession;
  boundary.headers = new Headers({ "x-forwarded-for": "192.0.2.10", "user-agent": "AdminBrowser/2.0" });
});

describe("a new application", () => {
  it("is unconfirmed, holds its slug, and is not in the review queue", async () => {
    const { id, slug } = await apply();
    expect(await load(id)).toMatchObject({ status: "unconfirmed", activeSlug: slug });
    expect(await checkSlugAvailability(slug)).toMatchObject({ available: false, reason: "taken" });

    const pending = await listApplications(parseListParams({ status: "pending", q: slug }));
    expect(pending.rows).toEqual([]);
    expect(pending.counts).toMatchObject({ pending: 0, unconfirmed: 1 });
    const unconfirmed = await listApplications(parseListParams({ status: "unconfirmed", q: slug }));
    expect(unconfirmed.rows.map((r) => r.id)).toEqual([id]);

    // Not reviewable yet.
    expect(await approveApplicationAction({ applicationId: id })).toMatchObject({
      ok: false,
      code: "INVALID_STATE",
      error: "Cannot approve an application that is awaiting confirmation.",
    });
    expect(workflow.handedOver).toEqual([]);
  });

  it("gets a confirmation email with no visitor text but the escaped organization name, and no readable token", async () => {
    const marks = {
      organizationName: `Evil <script>alert("org")</script><a href="https://evil.example/org">Org</a> ${stamp}`,
      contactFirstName: `FirstMark<img src=x onerror=alert(1)>`,
      contactLastName: `LastMark<b>bold</b>`,
      note: `NoteMark <a href="https://evil.example/win">Claim your prize</a>`,
    };
    const { id, reference } = await apply(marks);
    const { email, confirmUrl, token } = await confirmationEmail(id);

    expect(confirmUrl).toMatch(/^http:\/\/localhost:\d+\/apply\/confirm\/[A-Za-z0-9_-]{43}$/);
    expect(email).toMatchObject({ template: "application-confirm", status: "stored" });
    expect(email.subject).toBe(`Confirm your email address (${reference})`);
    for (const body of [email.html, email.text]) {
      expect(body).toContain(reference);
      // Nothing else the visitor typed: not the names, not the note, not the requested address.
      expect(body).not.toMatch(/FirstMark|LastMark|NoteMark|Claim your prize|evil\.example\/win/);
      expect(body).not.toContain(`confirm-${stamp}-`);
      // The secret is not in the stored copy; a placeholder holds its place.
      expect(body).not.toContain(token);
      expect(body).not.toContain(confirmUrl);
    }
    // The organization's name, escaped: its markup is text, never markup.
    expect(email.html).not.toMatch(/<script|<a href="https:\/\/evil|<img/);
    expect(email.html).toContain("&lt;script&gt;");
    expect(email.text).toContain(`Evil <script>alert("org")</script>`);
    // Only the token's hash is kept.
    const stored = await tokenRow(token);
    expect(stored).toMatchObject({ applicationId: id, usedAt: null, tokenHash: hashConfirmationToken(token) });
    expect(stored.expiresAt.getTime() - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect(stored.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
  });
});

describe("confirming with the link", () => {
  it("opening the page confirms nothing; the button moves the application to pending once, audited, and mails the receipt", async () => {
    const { id, reference } = await apply({ organizationName: `Lakeside Rowing ${stamp}` });
    const { token } = await confirmationEmail(id);

    // The GET: a mail scanner fetching the link sees the question and changes nothing.
    expect(await inspectConfirmationLink(token)).toEqual({
      state: "usable",
      organizationName: `Lakeside Rowing ${stamp}`,
      reference,
    });
    expect((await load(id)).status).toBe("unconfirmed");
    expect((await tokenRow(token)).usedAt).toBeNull();

    expect(await confirm(token)).toEqual({
      ok: true,
      data: { reference, organizationName: `Lakeside Rowing ${stamp}` },
    });
    expect((await load(id)).status).toBe("pending");
    expect((await tokenRow(token)).usedAt).toBeInstanceOf(Date);
    expect(await auditOf(id, "application.confirmed")).toEqual([
      expect.objectContaining({
        actorType: "applicant",
        actorLabel: `applicant${n}@example.org`,
        ip: "203.0.113.77",
        userAgent: "MailLinkBrowser/3.0",
        context: expect.objectContaining({ reference }),
      }),
    ]);
    expect(await emailsOf(id, "application-received")).toBe(1);
    const pending = await listApplications(parseListParams({ status: "pending", q: reference }));
    expect(pending.rows.map((r) => r.id)).toEqual([id]);

    // Used: the page says so, and a second press changes nothing.
    expect(await inspectConfirmationLink(token)).toEqual({ state: "used" });
    expect(await confirm(token)).toMatchObject({ ok: false, code: "INVALID_STATE", error: /already been used/ });
    expect(await auditOf(id, "application.confirmed")).toHaveLength(1);
    expect(await emailsOf(id, "application-received")).toBe(1);
  });

  it("of two presses at once, exactly one confirms", async () => {
    const { id } = await apply();
    const { token } = await confirmationEmail(id);
    const results = await Promise.all([confirm(token), confirm(token), confirm(token)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await auditOf(id, "application.confirmed")).toHaveLength(1);
    expect(await emailsOf(id, "application-received")).toBe(1);
  });

  it("an expired, unknown or malformed link, or one whose application expired, changes nothing", async () => {
    const expired = await apply();
    const expiredLink = await confirmationEmail(expired.id);
    await landlord().applicationConfirmation.update({
      where: { tokenHash: hashConfirmationToken(expiredLink.token) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const lapsed = await apply();
    const lapsedLink = await confirmationEmail(lapsed.id);
    await transitionApplication(lapsed.id, "expired");
    const snapshot = async () => [
      await load(expired.id),
      await load(lapsed.id),
      await tokenRow(expiredLink.token),
      await tokenRow(lapsedLink.token),
      await landlord().auditLog.count(),
      await landlord().emailOutbox.count(),
    ];
    const before = await snapshot();

    expect(await inspectConfirmationLink(expiredLink.token)).toEqual({ state: "expired" });
    expect(await confirm(expiredLink.token)).toMatchObject({ ok: false, code: "INVALID_STATE", error: /expired/ });
    expect(await inspectConfirmationLink(lapsedLink.token)).toEqual({ state: "settled" });
    expect(await confirm(lapsedLink.token)).toMatchObject({
      ok: false,
      code: "INVALID_STATE",
      error: /no longer waits for confirmation/,
    });
    const unknown = randomBytes(32).toString("base64url");
    expect(await inspectConfirmationLink(unknown)).toEqual({ state: "unknown" });
    expect(await confirm(unknown)).toMatchObject({ ok: false, code: "NOT_FOUND", error: /not valid/ });
    for (const malformed of ["", "short", "'; UPDATE tenant_applications SET status='pending'; --", "x".repeat(201)]) {
      expect((await confirm(malformed)).ok, malformed.slice(0, 20)).toBe(false);
      expect(await inspectConfirmationLink(malformed)).toEqual({ state: "unknown" });
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("the cap on confirmation emails per recipient", () => {
  it("sends three to one mailbox in a day, however the address is written, then refuses the fourth and stores nothing", async () => {
    const spellings = ["victim@example.net", "Victim+1@Example.NET", "victim+two@example.net"];
    for (const contactEmail of spellings) await apply({ contactEmail });
    const counts = async () => [
      await landlord().tenantApplication.count(),
      await landlord().emailOutbox.count({ where: { toAddress: { startsWith: "victim" } } }),
    ];
    const before = await counts();
    expect(before[1]).toBe(3);

    const fourth = await asRequest(new Headers({ "x-forwarded-for": "198.51.100.250" }), () =>
      submitApplicationAction(
        sampleApplication({ requestedSlug: `confirm-${stamp}-capped`, contactEmail: "victim+3@example.net" }),
      ),
    );
    expect(fourth).toMatchObject({
      ok: false,
      code: "RATE_LIMITED",
      error: expect.stringMatching(/already sent several confirmation emails to this address today/),
    });
    expect(await counts()).toEqual(before);
    // The slug it asked for is not held, and other recipients are not affected.
    expect(await checkSlugAvailability(`confirm-${stamp}-capped`)).toMatchObject({ available: true });
    expect(await apply({ contactEmail: "someone.else@example.net" })).toMatchObject({ reference: expect.any(String) });
  });
});

describe("an admin confirming for the applicant", () => {
  it("with no mail provider: moves it to pending, audited as the admin on the applicant's behalf, and withdraws the link", async () => {
    const { id, reference } = await apply();
    const { token } = await confirmationEmail(id);
    expect(await confirmOnBehalfAction({ applicationId: id })).toEqual({
      ok: true,
      data: { status: "pending", emailError: undefined },
    });
    expect((await load(id)).status).toBe("pending");
    expect(await auditOf(id, "application.confirmed")).toEqual([
      expect.objectContaining({
        actorType: "platform_admin",
        actorId: admin.id,
        actorLabel: admin.email,
        ip: "192.0.2.10",
        context: expect.objectContaining({ reference, onBehalf: true }),
      }),
    ]);
    expect(await emailsOf(id, "application-received")).toBe(1);
    expect(await inspectConfirmationLink(token)).toEqual({ state: "used" });

    // Twice is refused, and so is a forged call with no platform session.
    expect(await confirmOnBehalfAction({ applicationId: id })).toMatchObject({ ok: false, code: "INVALID_STATE" });
    const other = await apply();
    boundary.session = null;
    expect(await confirmOnBehalfAction({ applicationId: other.id })).toMatchObject({ ok: false, code: "UNAUTHORIZED" });
    expect((await load(other.id)).status).toBe("unconfirmed");
  });

  describe("with a mail provider", () => {
    let resend: FakeResend;
    beforeAll(async () => {
      resend = await startFakeResend();
      vi.stubEnv("RESEND_API_KEY", "re_test_key");
      vi.stubEnv("RESEND_BASE_URL", resend.url);
      resetEnvCache();
    });
    afterAll(async () => {
      vi.unstubAllEnvs();
      resetEnvCache();
      await resend.close();
    });

    it("is refused: the applicant confirms with the link the provider delivered, which the stored copy never held", async () => {
      const { id } = await apply();
      const before = [await load(id), await landlord().auditLog.count()];
      expect(await confirmOnBehalfAction({ applicationId: id })).toMatchObject({
        ok: false,
        code: "FORBIDDEN",
        error: expect.stringMatching(/applicant confirms their email address themselves/),
      });
      expect([await load(id), await landlord().auditLog.count()]).toEqual(before);

      // The provider got the real link; the outbox row has neither the link nor, once sent, its sealed copy.
      const stored = await landlord().emailOutbox.findUniqueOrThrow({
        where: { idempotencyKey: `application-confirm:${id}` },
      });
      expect(stored).toMatchObject({ status: "sent", secrets: null });
      const delivered = resend.requests.find((r) => r.key === `application-confirm:${id}`);
      const link = delivered?.body.html.match(/\/apply\/confirm\/([A-Za-z0-9_-]{43})/)?.[1] ?? "";
      expect(link).toHaveLength(43);
      expect(stored.html).not.toContain(link);
      expect(stored.text).not.toContain(link);

      expect(await confirm(link)).toMatchObject({ ok: true });
      expect((await load(id)).status).toBe("pending");
    });
  });
});
