// Email through Resend when RESEND_API_KEY is set: tested against a local
// stand-in for Resend's API. A retried send carries the same idempotency key
// and the outbox never holds two copies.
import { createElement } from "react";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WelcomeEmail } from "@/emails/welcome";
import { landlord } from "@/lib/db/landlord";
import { resetEnvCache } from "@/lib/env";
import { sendEmail } from "@/lib/mail/send";
import { configureInlineDriver, driveRun } from "@/lib/provisioning/inline-driver";
import { beginRun } from "@/lib/provisioning/runs";
import { createApprovedApplication, TEST_ADMIN } from "./helpers/applications";
import { type FakeResend, startFakeResend } from "./helpers/fake-resend";

let resend: FakeResend;

beforeAll(async () => {
  resend = await startFakeResend();
  process.env.RESEND_API_KEY = "re_test_key";
  process.env.RESEND_BASE_URL = resend.url;
  resetEnvCache();
  configureInlineDriver({ backoffBaseMs: 1 });
});

afterAll(async () => {
  await resend.close();
  delete process.env.RESEND_API_KEY;
  delete process.env.RESEND_BASE_URL;
  resetEnvCache();
});

const welcome = () => createElement(WelcomeEmail, WelcomeEmail.PreviewProps);

describe("email through Resend", () => {
  it("sends with the API key and the idempotency key, and records the provider's id", async () => {
    const before = resend.requests.length;
    const sent = await sendEmail({
      template: "welcome",
      to: "a@example.org",
      subject: "Hi",
      react: welcome(),
      idempotencyKey: "k-1",
    });
    expect(sent).toMatchObject({ status: "sent", duplicate: false });
    const request = resend.requests[before];
    expect(request).toMatchObject({ key: "k-1", auth: "Bearer re_test_key" });
    expect(request?.body.subject).toBe("Hi");
    const row = await landlord().emailOutbox.findUniqueOrThrow({ where: { idempotencyKey: "k-1" } });
    expect(row).toMatchObject({ status: "sent", providerId: resend.delivered.get("k-1") });
  });

  it("sending the same key again sends nothing", async () => {
    await sendEmail({
      template: "welcome",
      to: "b@example.org",
      subject: "Hi",
      react: welcome(),
      idempotencyKey: "k-2",
    });
    const count = resend.requests.length;
    const again = await sendEmail({
      template: "welcome",
      to: "b@example.org",
      subject: "Hi",
      react: welcome(),
      idempotencyKey: "k-2",
    });
    expect(again.duplicate).toBe(true);
    expect(resend.requests.length).toBe(count);
  });

  it("an outage fails the send with a clear error; the retry delivers the same stored email once", async () => {
    resend.failNext(1);
    const email = { template: "welcome", to: "c@example.org", subject: "Hi", react: welcome(), idempotencyKey: "k-3" };
    await expect(sendEmail(email)).rejects.toThrow(/Email to c@example.org could not be sent: fake outage/);
    expect((await landlord().emailOutbox.findUniqueOrThrow({ where: { idempotencyKey: "k-3" } })).status).toBe(
      "failed",
    );
    expect((await sendEmail(email)).status).toBe("sent");
    expect(await landlord().emailOutbox.count({ where: { idempotencyKey: "k-3" } })).toBe(1);
    expect(resend.requests.filter((r) => r.key === "k-3")).toHaveLength(2);
    expect(resend.delivered.has("k-3")).toBe(true);
  });

  it("provisioning with Resend down once: the welcome step retries and the email goes out once, with one setup link", async () => {
    const application = await createApprovedApplication();
    const run = await beginRun(application.id, TEST_ADMIN, "inline");
    resend.failNext(1);
    expect(await driveRun(run.runId, application.id, { backoffBaseMs: 1 })).toBe("succeeded");
    const tenant = await landlord().tenant.findUniqueOrThrow({ where: { slug: application.requestedSlug } });
    const key = `welcome:${tenant.id}:1`;
    const attempts = resend.requests.filter((r) => r.key === key);
    expect(attempts).toHaveLength(2);
    expect(attempts[0]?.body.html).toBe(attempts[1]?.body.html); // same link both times
    expect(attempts[0]?.body.html).toMatch(/\/setup-password\/[A-Za-z0-9_-]{43}/); // the recipient gets the real link
    const rows = await landlord().emailOutbox.findMany({
      where: { applicationId: application.id, template: "welcome" },
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe("sent");
    // Delivered: the stored copy says where the secrets went, and they are gone from it.
    expect(rows[0]?.secrets).toBeNull();
    expect(rows[0]?.html).toContain("(sent to the recipient only)");
    expect(rows[0]?.html).not.toMatch(/\/setup-password\/[A-Za-z0-9_-]{43}/);
    expect(await landlord().passwordSetupToken.count({ where: { tenantId: tenant.id, usedAt: null } })).toBe(1);
  });
});
