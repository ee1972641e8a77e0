// The apply form's Server Actions against the real MariaDB. Only the request
// is simulated (tests/setup/request-boundary.ts): each concurrent call runs in
// a request scope of its own, with its own client address, as separate requests would.
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { checkSlugAction, submitApplicationAction } from "@/app/(public)/apply/actions";
import { landlord } from "@/lib/db/landlord";
import { uniqueViolation } from "@/lib/db/unique-violation";
import { sampleApplication } from "@/lib/platform/applications/fixtures";
import { type ApplicationFormValues, applicationInput } from "@/lib/platform/applications/input";
import { transitionApplication } from "@/lib/platform/applications/status";
import { asRequest, boundary } from "./setup/request-boundary";

let ipCounter = 0;
/** Runs fn as a request from its own client address (each test uses fresh ones, so rate limits never mix). */
function fromNewClient<T>(fn: () => Promise<T>, ip = `198.51.100.${++ipCounter}`): Promise<T> {
  return asRequest(new Headers({ "x-forwarded-for": ip, "user-agent": "vitest-browser/1.0" }), fn);
}

let emailCounter = 0;
// Each submission from an address of its own, unless a test names one: confirmation emails are capped per recipient.
const submit = (overrides: Partial<ApplicationFormValues> = {}, ip?: string) =>
  fromNewClient(
    () =>
      submitApplicationAction(
        sampleApplication({ contactEmail: `applicant${++emailCounter}@example.org`, ...overrides }),
      ),
    ip,
  );

async function counts() {
  const db = landlord();
  const [applications, audits, emails] = await Promise.all([
    db.tenantApplication.count(),
    db.auditLog.count(),
    db.emailOutbox.count(),
  ]);
  return { applications, audits, emails };
}

let slugCounter = 0;
const freshSlug = () => `org-${Date.now().toString(36)}-${++slugCounter}`;

describe("submitting an application", () => {
  beforeEach(() => {
    boundary.headers = new Headers();
  });

  it("stores it normalized and unconfirmed, audits it, asks the applicant to confirm and returns the reference", async () => {
    const slug = freshSlug();
    const result = await submit(
      { requestedSlug: ` ${slug.toUpperCase()} `, contactEmail: "  Ada.Lovelace@Example.ORG " },
      "203.0.113.7",
    );
    expect(result).toMatchObject({ ok: true, data: { slug, reference: expect.stringMatching(/^APP-\w{4}-\w{4}$/) } });
    if (!result.ok) return;

    const db = landlord();
    const row = await db.tenantApplication.findUniqueOrThrow({ where: { id: result.data.id } });
    expect(row).toMatchObject({
      reference: result.data.reference,
      organizationName: "Students' Union of Example",
      requestedSlug: slug,
      activeSlug: slug,
      contactFirstName: "Ada",
      contactLastName: "Lovelace",
      contactEmail: "ada.lovelace@example.org",
      organizationType: "student_body",
      country: "DE",
      expectedVoters: 1200,
      note: "We vote twice a year.",
      status: "unconfirmed",
      submittedIp: "203.0.113.7",
      reviewerId: null,
    });

    const [entry] = await db.auditLog.findMany({ where: { applicationId: row.id } });
    expect(entry).toMatchObject({
      action: "application.submitted",
      actorType: "applicant",
      actorLabel: "ada.lovelace@example.org",
      ip: "203.0.113.7",
      userAgent: "vitest-browser/1.0",
      context: { reference: row.reference, slug },
    });

    // The confirmation email: the "received" one waits for the confirmation (tests/applications-confirm.test.ts).
    const email = await db.emailOutbox.findUniqueOrThrow({
      where: { idempotencyKey: `application-confirm:${row.id}` },
    });
    expect(email).toMatchObject({
      template: "application-confirm",
      toAddress: "ada.lovelace@example.org",
      status: "stored",
      applicationId: row.id,
    });
    expect(email.subject).toContain(row.reference);
    expect(email.html).toContain(row.reference);
    expect(await db.emailOutbox.count({ where: { applicationId: row.id } })).toBe(1);
  });

  it("refuses every bad input with a clear field message and stores nothing", async () => {
    const before = await counts();
    const cases: [Partial<ApplicationFormValues>, string, RegExp][] = [
      [{ requestedSlug: "Acme Corp" }, "requestedSlug", /Spaces are not allowed/],
      [{ requestedSlug: "-acme" }, "requestedSlug", /Start and end/],
      [{ requestedSlug: "acme-" }, "requestedSlug", /Start and end/],
      [{ requestedSlug: "ac--me" }, "requestedSlug", /single hyphens/],
      [{ requestedSlug: "admin" }, "requestedSlug", /reserved/],
      [{ requestedSlug: "setup-password" }, "requestedSlug", /reserved/],
      [{ requestedSlug: "x".repeat(58) }, "requestedSlug", /at most 57/],
      [{ requestedSlug: "ex\u0430mple" }, "requestedSlug", /look-alike/],
      [{ requestedSlug: "acme'--" }, "requestedSlug", /letters a–z/],
      [{ requestedSlug: "<b>acme</b>" }, "requestedSlug", /letters a–z/],
      [{ contactEmail: "not-an-email" }, "contactEmail", /valid email address/],
      [{ contactEmail: "ada@example.org<script>" }, "contactEmail", /valid email address/],
      [{ note: "n".repeat(2001) }, "note", /at most 2000 characters/],
      [{ organizationName: "x".repeat(256) }, "organizationName", /at most 255/],
      [{ contactFirstName: "" }, "contactFirstName", /Enter the first name/],
      [{ organizationType: "secret-society" as never }, "organizationType", /Choose the type/],
      [{ country: "ZZ" }, "country", /Choose a country/],
      [{ expectedVoters: 0 }, "expectedVoters", /at least 1/],
      [{ expectedVoters: 10_000_001 }, "expectedVoters", /10,000,000/],
    ];
    for (const [overrides, field, message] of cases) {
      const result = await submit(overrides);
      expect(result.ok, JSON.stringify(overrides).slice(0, 80)).toBe(false);
      if (result.ok) continue;
      expect(result.code).toBe("INVALID_INPUT");
      expect(result.fieldErrors?.[field]?.[0]).toMatch(message);
    }
    // A forged call with no object at all, or extra fields trying to set columns.
    expect(await fromNewClient(() => submitApplicationAction("DROP TABLE tenants" as never))).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
    });
    expect(await counts()).toEqual(before);
  });

  it("ignores fields that are not in the form, such as a status or a reviewer", async () => {
    const forged = { ...sampleApplication({ requestedSlug: freshSlug() }), status: "approved", reviewerId: 1 };
    const result = await fromNewClient(() => submitApplicationAction(forged as never));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const row = await landlord().tenantApplication.findUniqueOrThrow({ where: { id: result.data.id } });
    expect(row).toMatchObject({ status: "unconfirmed", reviewerId: null });
  });

  it("stores SQL and HTML in text fields verbatim and escapes them in the email", async () => {
    const nasty = {
      organizationName: `Bobby'); DROP TABLE tenant_applications;-- <script>alert("x")</script>`,
      contactFirstName: `<img src=x onerror=alert(1)>`,
      contactLastName: `O'Brien" OR "1"="1`,
      note: `'; DELETE FROM users; --\n<iframe src="https://evil.example"></iframe>`,
    };
    const result = await submit({ ...nasty, requestedSlug: freshSlug() });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const db = landlord();
    const row = await db.tenantApplication.findUniqueOrThrow({ where: { id: result.data.id } });
    expect(row).toMatchObject(nasty);
    expect(await db.user.count()).toBeGreaterThanOrEqual(0); // the users table is still there
    const email = await db.emailOutbox.findUniqueOrThrow({
      where: { idempotencyKey: `application-confirm:${row.id}` },
    });
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain("<img src=x");
    expect(email.html).toContain("&lt;script&gt;");
  });

  it("refuses a slug held by an active application or a tenant (soft-deleted too), in any case", async () => {
    const slug = freshSlug();
    expect((await submit({ requestedSlug: slug })).ok).toBe(true);
    const before = await counts();
    const again = await submit({ requestedSlug: slug.toUpperCase(), contactEmail: "someone@else.org" });
    expect(again).toMatchObject({
      ok: false,
      code: "CONFLICT",
      fieldErrors: { requestedSlug: [expect.stringMatching(/already taken/)] },
    });

    const tenantSlug = freshSlug();
    await landlord().tenant.create({
      data: {
        id: randomUUID(),
        name: "Gone",
        slug: tenantSlug,
        email: "gone@example.org",
        databaseName: `tenant_${tenantSlug.replaceAll("-", "_")}`,
        deletedAt: new Date(),
      },
    });
    expect(await submit({ requestedSlug: tenantSlug })).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await counts()).toEqual(before);
  });

  it("frees the slug again when its application is rejected", async () => {
    const slug = freshSlug();
    const first = await submit({ requestedSlug: slug });
    if (!first.ok) throw new Error(first.error);
    await transitionApplication(first.data.id, "pending");
    await transitionApplication(first.data.id, "rejected");
    expect(await submit({ requestedSlug: slug })).toMatchObject({ ok: true });
  });

  it("is refused by the database itself, not only by the code, for a second active application", async () => {
    const slug = freshSlug();
    const row = (reference: string, requestedSlug: string) => ({
      ...applicationInput.parse(sampleApplication({ requestedSlug: "placeholder" })),
      id: randomUUID(),
      reference,
      requestedSlug,
    });
    const db = landlord();
    await db.tenantApplication.create({ data: row(`APP-DB${slugCounter}A`, slug) });
    const duplicate = await db.tenantApplication
      .create({ data: row(`APP-DB${slugCounter}B`, slug.toUpperCase()) })
      .catch((e: unknown) => e);
    expect(uniqueViolation(duplicate)).toBe("tenant_applications_active_slug_key");
  });

  it("accepts exactly one of 20 concurrent submissions for one slug", async () => {
    const slug = freshSlug();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => submit({ requestedSlug: slug, contactEmail: `racer${i}@example.org` })),
    );
    const accepted = results.filter((r) => r.ok);
    expect(accepted).toHaveLength(1);
    for (const refused of results.filter((r) => !r.ok)) {
      expect(refused).toMatchObject({ code: "CONFLICT", error: expect.stringMatching(/already taken/) });
    }
    expect(await landlord().tenantApplication.count({ where: { requestedSlug: slug } })).toBe(1);
    expect(
      await landlord().auditLog.count({
        where: { action: "application.submitted", context: { path: "$.slug", equals: slug } },
      }),
    ).toBe(1);
  });

  it("rate limits submissions per client address: the sixth in ten minutes is refused", async () => {
    const ip = "192.0.2.99";
    for (let i = 0; i < 5; i++) expect((await submit({ requestedSlug: freshSlug() }, ip)).ok).toBe(true);
    const before = await counts();
    const sixth = await submit({ requestedSlug: freshSlug() }, ip);
    expect(sixth).toMatchObject({
      ok: false,
      code: "RATE_LIMITED",
      error: expect.stringMatching(/^Too many applications from your network\. Try again in \d+ minutes?\.$/),
    });
    expect(await counts()).toEqual(before);
    // Another address is not affected.
    expect((await submit({ requestedSlug: freshSlug() }, "192.0.2.100")).ok).toBe(true);
  });
});

describe("checking a slug as the applicant types", () => {
  it("says available, names the broken rule, or says taken", async () => {
    const slug = freshSlug();
    expect(await fromNewClient(() => checkSlugAction({ slug: ` ${slug.toUpperCase()} ` }))).toEqual({
      ok: true,
      data: { slug, available: true },
    });
    expect(await fromNewClient(() => checkSlugAction({ slug: "api" }))).toMatchObject({
      ok: true,
      data: { available: false, reason: "invalid", message: expect.stringMatching(/reserved/) },
    });
    await submit({ requestedSlug: slug });
    expect(await fromNewClient(() => checkSlugAction({ slug }))).toMatchObject({
      ok: true,
      data: { available: false, reason: "taken" },
    });
  });

  it("is rate limited too, but generously", async () => {
    const results = await fromNewClient(async () => {
      const all = [];
      for (let i = 0; i < 121; i++) all.push(await checkSlugAction({ slug: "acme" }));
      return all;
    }, "192.0.2.200");
    expect(results.slice(0, 120).every((r) => r.ok)).toBe(true);
    expect(results[120]).toMatchObject({ ok: false, code: "RATE_LIMITED" });
  });
});
