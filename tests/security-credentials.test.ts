// The security review's findings about tenant credentials, each written to
// fail on the code as it was: a shared initial password let anyone who knew a
// slug and a contact email take a tenant over; the welcome email's link and
// password sat readable in the outbox; a retried or refused email could put
// two working links in the world. Generated initial passwords here (the default).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { landlord } from "@/lib/db/landlord";
import { tenantClient } from "@/lib/db/tenant-clients";
import { resetEnvCache } from "@/lib/env";
import { viewOutboxEmail } from "@/lib/platform/outbox";
import { signInPolicy } from "@/lib/platform/sign-in-throttle";
import { driveRun } from "@/lib/provisioning/inline-driver";
import { beginRun } from "@/lib/provisioning/runs";
import { reissueSetupLink } from "@/lib/tenant-auth/reissue-link";
import { completePasswordSetup } from "@/lib/tenant-auth/setup-password";
import { lookupSetupToken } from "@/lib/tenant-auth/setup-tokens";
import { signInTenantUser } from "@/lib/tenant-auth/sign-in";
import {
  createApprovedApplication,
  provisionTestTenant,
  TEST_ADMIN,
  TEST_OPERATOR,
  uniqueSlug,
} from "./helpers/applications";
import { type FakeResend, startFakeResend } from "./helpers/fake-resend";
import { welcomeSecrets, welcomeToken } from "./helpers/tenant-auth";

const where = { ip: "203.0.113.200", userAgent: "vitest" };
// The account-wide wait after a failure (tested in tenant-sign-in) is off here: these tests
// try a wrong and then the right password on purpose, each from a new address.
const signIn = (input: { slug: string; email: string; password: string }) =>
  signInTenantUser(input, fresh(), { ...signInPolicy(), delayBaseMs: 0 });
let n = 0;
const fresh = () => ({ ...where, ip: `203.0.113.${++n}` });

describe("the initial admin credential", () => {
  it("is generated per tenant: the guide's shared password opens nothing, and two tenants never share one", async () => {
    const a = await provisionTestTenant();
    const b = await provisionTestTenant();
    const [pa, pb] = [
      (await welcomeSecrets(a.tenant.id)).initialPassword,
      (await welcomeSecrets(b.tenant.id)).initialPassword,
    ];
    expect(pa).not.toBe(pb);
    expect(pa.length).toBeGreaterThanOrEqual(12);
    // The takeover: a stranger who knows the slug (public) and the contact email tries the guide's password.
    for (const { tenant, application } of [a, b]) {
      const takeover = await signIn({ slug: tenant.slug, email: application.contactEmail, password: "Start1234!" });
      expect(takeover).toMatchObject({ ok: false, reason: "invalid" });
    }
    expect((await signIn({ slug: a.tenant.slug, email: a.application.contactEmail, password: pb })).ok).toBe(false);
    expect((await signIn({ slug: a.tenant.slug, email: a.application.contactEmail, password: pa })).ok).toBe(true);
  });

  it("works only until the setup link expires, and says so", async () => {
    const { tenant, application } = await provisionTestTenant();
    const { initialPassword } = await welcomeSecrets(tenant.id);
    await tenantClient(tenant).tenantUser.update({
      where: { email: application.contactEmail },
      data: { passwordExpiresAt: new Date(Date.now() - 1000) },
    });
    const late = await signIn({ slug: tenant.slug, email: application.contactEmail, password: initialPassword });
    expect(late).toEqual({ ok: false, reason: "expired" });
  });

  it("never works again once the admin chose a password through the link", async () => {
    const { tenant, application } = await provisionTestTenant();
    const { initialPassword } = await welcomeSecrets(tenant.id);
    await completePasswordSetup(await welcomeToken(tenant.id), "Own-Chosen-Passw0rd!", where);
    const user = await tenantClient(tenant).tenantUser.findUniqueOrThrow({
      where: { email: application.contactEmail },
    });
    expect(user.passwordExpiresAt).toBeNull();
    expect((await signIn({ slug: tenant.slug, email: application.contactEmail, password: initialPassword })).ok).toBe(
      false,
    );
  });

  it("cannot be chosen as the new password: the policy compares with the user's own initial one", async () => {
    const { tenant } = await provisionTestTenant();
    const { initialPassword } = await welcomeSecrets(tenant.id);
    const strongEnough = `${initialPassword}!Aa1`; // passes the rules, is not the initial one
    await expect(completePasswordSetup(await welcomeToken(tenant.id), initialPassword, where)).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
    await expect(completePasswordSetup(await welcomeToken(tenant.id), strongEnough, where)).resolves.toBeDefined();
  });
});

describe("no secret at rest in plain text", () => {
  it("the stored welcome email holds placeholders; its link and password are sealed beside it", async () => {
    const { tenant } = await provisionTestTenant();
    const email = await landlord().emailOutbox.findFirstOrThrow({
      where: { tenantId: tenant.id, template: "welcome" },
    });
    const { setupUrl, initialPassword } = await welcomeSecrets(tenant.id);
    const token = setupUrl.split("/").at(-1) as string;
    const rows = JSON.stringify(await landlord().emailOutbox.findMany({ where: { tenantId: tenant.id } }));
    for (const secret of [token, initialPassword]) expect(rows).not.toContain(secret);
    expect(email.secrets).toMatch(/^v1:test:/); // sealed with the keyring's current key
  });

  it("the development mailbox shows the secrets only on the email's page, and records each view", async () => {
    const { tenant } = await provisionTestTenant();
    const email = await landlord().emailOutbox.findFirstOrThrow({
      where: { tenantId: tenant.id, template: "welcome" },
    });
    const view = await viewOutboxEmail(
      email.id,
      { ...TEST_ADMIN, label: "viewer@example.org" },
      { mayReadSecrets: true },
    );
    expect(view?.revealed).toBe(true);
    expect(view?.text).toContain((await welcomeSecrets(tenant.id)).initialPassword);
    const viewed = await landlord().auditLog.findFirstOrThrow({
      where: { action: "email.secrets_viewed", tenantId: tenant.id },
    });
    expect(viewed.context).toMatchObject({ emailId: email.id, secrets: ["setupUrl", "initialPassword"] });
    expect(JSON.stringify(viewed.context)).not.toContain((await welcomeSecrets(tenant.id)).initialPassword);
  });
});

describe("through a provider", () => {
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

  it("an accepted email keeps a marker where each secret was, and its sealed copy is deleted; the console shows none", async () => {
    const { tenant } = await provisionTestTenant();
    const email = await landlord().emailOutbox.findFirstOrThrow({
      where: { tenantId: tenant.id, template: "welcome" },
    });
    expect(email).toMatchObject({ status: "sent", secrets: null });
    expect(email.text).toContain("(sent to the recipient only)");
    const delivered = resend.requests.find((r) => r.key === email.idempotencyKey);
    const password = /initial password ([A-Za-z0-9-]{19})/.exec(
      delivered?.body.html.replace(/<[^>]+>/g, "") ?? "",
    )?.[1];
    expect(password).toBeDefined();
    expect(email.html).not.toContain(password as string);
    const view = await viewOutboxEmail(email.id, TEST_ADMIN, { mayReadSecrets: true });
    expect(view).toMatchObject({ revealed: false });
    expect(view?.html).not.toContain(password as string);
  });

  it("refused for good: a new link and password under a new key, the old link withdrawn; only one ever works", async () => {
    const application = await createApprovedApplication();
    const run = await beginRun(application.id, TEST_OPERATOR, "inline");
    resend.refuseNext(1);
    expect(await driveRun(run.runId, application.id, { backoffBaseMs: 1 })).toBe("succeeded");
    const tenant = await landlord().tenant.findUniqueOrThrow({ where: { slug: application.requestedSlug } });
    const emails = await landlord().emailOutbox.findMany({
      where: { tenantId: tenant.id },
      orderBy: { createdAt: "asc" },
    });
    expect(emails.map((e) => [e.idempotencyKey, e.status])).toEqual([
      [`welcome:${tenant.id}:1`, "refused"],
      [`welcome:${tenant.id}:2`, "sent"],
    ]);
    expect(emails.every((e) => e.secrets === null)).toBe(true);
    const links = resend.requests
      .filter((r) => r.key?.startsWith(`welcome:${tenant.id}:`))
      .map((r) => /\/setup-password\/([A-Za-z0-9_-]{43})/.exec(r.body.html)?.[1] as string);
    expect(new Set(links).size).toBe(2);
    expect((await lookupSetupToken(links[0] as string)).ok).toBe(false); // the refused email's link never works
    expect((await lookupSetupToken(links[1] as string)).ok).toBe(true);
    expect(await landlord().passwordSetupToken.count({ where: { tenantId: tenant.id, usedAt: null } })).toBe(1);
    // The admin's password followed the new email: only its password signs in.
    const passwords = resend.requests
      .filter((r) => r.key?.startsWith(`welcome:${tenant.id}:`))
      .map((r) => /initial password ([A-Za-z0-9-]{19})/.exec(r.body.html.replace(/<[^>]+>/g, ""))?.[1] as string);
    expect(new Set(passwords).size).toBe(2);
    const email = application.contactEmail;
    expect((await signIn({ slug: tenant.slug, email, password: passwords[0] as string })).ok).toBe(false);
    expect((await signIn({ slug: tenant.slug, email, password: passwords[1] as string })).ok).toBe(true);
  });
});

describe("reissuing a setup link", () => {
  it("sends a new link and password to the stored email; earlier ones and open sessions stop working", async () => {
    const { tenant, application } = await provisionTestTenant();
    const before = await welcomeSecrets(tenant.id);
    const oldToken = await welcomeToken(tenant.id);
    const session = await signIn({
      slug: tenant.slug,
      email: application.contactEmail,
      password: before.initialPassword,
    });
    expect(session.ok).toBe(true);

    const result = await reissueSetupLink(tenant.slug.toUpperCase(), {}, TEST_OPERATOR);
    expect(result).toMatchObject({ email: application.contactEmail, delivery: "stored", sessionsEnded: 1 });
    const reissued = await landlord().emailOutbox.findUniqueOrThrow({ where: { id: result.emailId } });
    expect(reissued.toAddress).toBe(application.contactEmail);
    expect((await lookupSetupToken(oldToken)).ok).toBe(false);
    expect(
      (await signIn({ slug: tenant.slug, email: application.contactEmail, password: before.initialPassword })).ok,
    ).toBe(false);
    const after = await welcomeSecrets(tenant.id);
    expect(after.initialPassword).not.toBe(before.initialPassword);
    expect(
      (await signIn({ slug: tenant.slug, email: application.contactEmail, password: after.initialPassword })).ok,
    ).toBe(true);
    const audited = await landlord().auditLog.findFirstOrThrow({
      where: { action: "tenant.link_reissued", tenantId: tenant.id },
    });
    expect(JSON.stringify(audited.context)).not.toContain(after.initialPassword);
  });

  it("is refused for an address that is not an active admin of the tenant, and changes nothing", async () => {
    const { tenant } = await provisionTestTenant();
    const emails = await landlord().emailOutbox.count();
    await expect(
      reissueSetupLink(tenant.slug, { email: "attacker@evil.example" }, TEST_OPERATOR),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(reissueSetupLink(uniqueSlug("nobody"), {}, TEST_OPERATOR)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await landlord().emailOutbox.count()).toBe(emails);
  });
});
