// Resend's delivery webhooks against MariaDB: the signature (Svix's scheme,
// computed here independently of the SDK) is required, must match and must be
// fresh; each email's delivered / bounced / complained state is stored once
// per webhook message, only moves forward, and is shown on the outbox, the
// application's page, the tenant's emails and, for a bounced welcome email,
// among the overview's problems.
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import ApplicationPage from "@/app/admin/(console)/applications/[id]/page";
import { DeliveryBadge } from "@/app/admin/(console)/outbox/delivery-badge";
import { POST } from "@/app/api/webhooks/resend/route";
import { landlord } from "@/lib/db/landlord";
import { resetEnvCache } from "@/lib/env";
import { deliveriesOf, tenantEmails, welcomeBounces } from "@/lib/platform/email-events";
import { listOutbox, viewOutboxEmail } from "@/lib/platform/outbox";
import { handleResendWebhook } from "@/lib/platform/resend-webhook";
import { reissueSetupLink } from "@/lib/tenant-auth/reissue-link";
import { provisionTestTenant, TEST_ADMIN, uniqueSlug } from "./helpers/applications";
import { type FakeResend, startFakeResend } from "./helpers/fake-resend";
import { platformSession } from "./helpers/platform-admin";
import { serialize } from "./helpers/tenant-auth";
import { boundary } from "./setup/request-boundary";

const KEY = randomBytes(24);
const SECRET = `whsec_${KEY.toString("base64")}`;

/** Svix's signature: HMAC-SHA256 over "{id}.{timestamp}.{body}" with the base64 key after "whsec_". */
function sign(id: string, timestamp: number, body: string, key: Buffer = KEY): string {
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

function event(type: string, emailId: string, extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    type,
    created_at: new Date().toISOString(),
    data: { email_id: emailId, created_at: new Date().toISOString(), to: ["x@example.org"], subject: "s", ...extra },
  });
}

function signedHeaders(body: string, options: { id?: string; at?: number; key?: Buffer } = {}) {
  const id = options.id ?? `msg_${randomUUID()}`;
  const at = options.at ?? Math.floor(Date.now() / 1000);
  return new Headers({
    "svix-id": id,
    "svix-timestamp": String(at),
    "svix-signature": sign(id, at, body, options.key),
  });
}

const post = (body: string, headers: Headers) =>
  POST(new Request("http://localhost/api/webhooks/resend", { method: "POST", body, headers }));

const stored = async () => ({
  events: await landlord().emailEvent.count(),
  deliveries: await landlord().emailDelivery.findMany({ orderBy: { providerId: "asc" } }),
});

let resend: FakeResend;
let provisioned: Awaited<ReturnType<typeof provisionTestTenant>>;
let welcomeId: string;
let welcomeProviderId: string;

beforeAll(async () => {
  resend = await startFakeResend();
  vi.stubEnv("RESEND_API_KEY", "re_test_key");
  vi.stubEnv("RESEND_BASE_URL", resend.url);
  vi.stubEnv("RESEND_WEBHOOK_SECRET", SECRET);
  resetEnvCache();
  // A tenant whose welcome email went through the (fake) provider and got its id.
  provisioned = await provisionTestTenant({ slug: uniqueSlug("hook") });
  const welcome = await landlord().emailOutbox.findFirstOrThrow({
    where: { tenantId: provisioned.tenant.id, template: "welcome" },
  });
  expect(welcome.providerId).toBeTruthy();
  welcomeId = welcome.id;
  welcomeProviderId = welcome.providerId as string;
});

afterAll(async () => {
  vi.unstubAllEnvs();
  resetEnvCache();
  await resend.close();
});

beforeEach(() => {
  vi.stubEnv("RESEND_WEBHOOK_SECRET", SECRET);
  resetEnvCache();
});

describe("the signature", () => {
  it("a correctly signed event is accepted and its state stored", async () => {
    const providerId = `re_${randomUUID()}`;
    const body = event("email.delivered", providerId);
    const response = await post(body, signedHeaders(body));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ recorded: true });
    expect((await deliveriesOf([providerId])).get(providerId)).toMatchObject({ state: "delivered", detail: null });
  });

  it("refuses an unsigned request (400), a wrong signature (401) and a tampered body (401), changing nothing", async () => {
    const providerId = `re_${randomUUID()}`;
    const body = event("email.bounced", providerId);
    const before = await stored();

    expect((await post(body, new Headers())).status).toBe(400);
    const partial = signedHeaders(body);
    partial.delete("svix-signature");
    expect((await post(body, partial)).status).toBe(400);
    expect((await post(body, signedHeaders(body, { key: randomBytes(24) }))).status).toBe(401);
    const forged = signedHeaders(body);
    forged.set("svix-signature", "v1,AAAA");
    expect((await post(body, forged)).status).toBe(401);
    // Signed, then changed on the way: a delivered event turned into a bounce.
    const original = event("email.delivered", providerId);
    expect((await post(body, signedHeaders(original))).status).toBe(401);

    expect(await stored()).toEqual(before);
  });

  it("refuses a stale or a future timestamp (401) even when the signature over it is right", async () => {
    const body = event("email.complained", `re_${randomUUID()}`);
    const before = await stored();
    const now = Math.floor(Date.now() / 1000);
    expect((await post(body, signedHeaders(body, { at: now - 6 * 60 }))).status).toBe(401);
    expect((await post(body, signedHeaders(body, { at: now + 6 * 60 }))).status).toBe(401);
    // Within the five minutes' tolerance it is fine.
    expect((await post(body, signedHeaders(body, { at: now - 4 * 60 }))).status).toBe(200);
    expect((await stored()).events).toBe(before.events + 1);
  });

  it("a replayed event (same message, same signature) changes nothing more", async () => {
    const providerId = `re_${randomUUID()}`;
    const body = event("email.bounced", providerId, {
      bounce: { type: "Permanent", subType: "General", message: "no such mailbox" },
    });
    const headers = signedHeaders(body);
    expect(await (await post(body, headers)).json()).toEqual({ recorded: true });
    const after = await stored();
    expect(await (await post(body, headers)).json()).toEqual({ recorded: false });
    expect(await stored()).toEqual(after);
    expect(await landlord().emailEvent.count({ where: { providerId } })).toBe(1);
    expect((await deliveriesOf([providerId])).get(providerId)).toMatchObject({
      state: "bounced",
      detail: "Permanent/General: no such mailbox",
    });
  });

  it("without a configured secret the address does not exist (404), whatever is sent", async () => {
    vi.stubEnv("RESEND_WEBHOOK_SECRET", "");
    resetEnvCache();
    const body = event("email.delivered", `re_${randomUUID()}`);
    const before = await stored();
    expect((await post(body, signedHeaders(body))).status).toBe(404);
    expect(await stored()).toEqual(before);
  });

  it("acknowledges other event types without storing them", async () => {
    const body = event("email.opened", `re_${randomUUID()}`);
    const before = await stored();
    const response = await post(body, signedHeaders(body));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ignored: "email.opened" });
    expect(await stored()).toEqual(before);
  });
});

describe("the delivery state", () => {
  const deliver = async (type: string, providerId: string, extra: Record<string, unknown> = {}) => {
    const body = event(type, providerId, extra);
    return (await handleResendWebhook(body, signedHeaders(body))).status;
  };

  it("only moves forward, whatever order the events come in", async () => {
    const a = `re_${randomUUID()}`;
    await deliver("email.bounced", a);
    await deliver("email.delivered", a); // late, and lower: ignored
    expect((await deliveriesOf([a])).get(a)?.state).toBe("bounced");

    const b = `re_${randomUUID()}`;
    await deliver("email.delivered", b);
    await deliver("email.complained", b);
    expect((await deliveriesOf([b])).get(b)?.state).toBe("complained");
    // Each event is kept, once.
    expect(await landlord().emailEvent.count({ where: { providerId: { in: [a, b] } } })).toBe(4);
  });

  it("an event that comes before the email's provider id was written down still counts once it is", async () => {
    const early = `re_${randomUUID()}`;
    await deliver("email.delivered", early);
    const row = await landlord().emailOutbox.create({
      data: {
        id: randomUUID(),
        idempotencyKey: `early:${early}`,
        template: "application-received",
        toAddress: "early@example.org",
        fromAddress: "from@example.org",
        subject: "Early",
        html: "<p>x</p>",
        text: "x",
        status: "sent",
        providerId: early,
      },
    });
    const page = await listOutbox({ page: 1, pageSize: 100 });
    expect(page.rows.find((r) => r.id === row.id)?.delivery).toMatchObject({ state: "delivered" });
  });

  it("is shown on the outbox, the email, the application's page and the tenant's emails; a bounced welcome email is a problem", async () => {
    expect(await welcomeBounces()).toEqual([]);
    expect(await deliver("email.delivered", welcomeProviderId)).toBe(200);
    expect(await welcomeBounces()).toEqual([]);
    expect(
      await deliver("email.bounced", welcomeProviderId, { bounce: { type: "Permanent", message: "mailbox unknown" } }),
    ).toBe(200);

    const outbox = await listOutbox({ page: 1, pageSize: 100 });
    expect(outbox.rows.find((r) => r.id === welcomeId)?.delivery).toMatchObject({
      state: "bounced",
      detail: "Permanent: mailbox unknown",
    });
    const view = await viewOutboxEmail(welcomeId, TEST_ADMIN, { mayReadSecrets: false });
    expect(view?.delivery).toMatchObject({ state: "bounced" });

    const emails = await tenantEmails(provisioned.tenant.id);
    expect(emails.find((e) => e.id === welcomeId)?.delivery).toMatchObject({ state: "bounced" });

    boundary.session = await platformSession("viewer");
    const page = serialize(await ApplicationPage({ params: Promise.resolve({ id: provisioned.application.id }) }));
    expect(page).toContain('"state":"bounced"');
    const badge = renderToStaticMarkup(DeliveryBadge({ delivery: { state: "bounced", detail: "mailbox unknown" } }));
    expect(badge).toContain("bounced");
    expect(badge).toContain('title="mailbox unknown"');

    expect(await welcomeBounces()).toEqual([
      expect.objectContaining({
        emailId: welcomeId,
        tenantId: provisioned.tenant.id,
        slug: provisioned.tenant.slug,
        toAddress: provisioned.application.contactEmail,
        detail: "Permanent: mailbox unknown",
      }),
    ]);

    // A reissued link is a newer welcome email: the bounce is no longer the tenant's problem.
    await reissueSetupLink(provisioned.tenant.slug, {}, TEST_ADMIN);
    expect(await welcomeBounces()).toEqual([]);
  });
});
