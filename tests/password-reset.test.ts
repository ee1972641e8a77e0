// A tenant user who lost their password, against MariaDB: /{slug}/forgot-password
// answers the same for every address and mails a link only to an active user
// of an open space; the link (hashed at rest, an hour, once) sets a new
// password under the policy, ends the user's sessions and clears the locks on
// the account; another space's address gets nothing of that space.
import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { requestPasswordResetAction } from "@/app/[slug]/forgot-password/actions";
import ForgotPasswordPage from "@/app/[slug]/forgot-password/page";
import TenantLoginPage from "@/app/[slug]/login/page";
import { resetPasswordAction } from "@/app/[slug]/reset-password/[token]/actions";
import ResetPasswordPage from "@/app/[slug]/reset-password/[token]/page";
import { landlord } from "@/lib/db/landlord";
import { tenantClient } from "@/lib/db/tenant-clients";
import { env, resetEnvCache } from "@/lib/env";
import { openSecrets } from "@/lib/mail/secrets";
import { hashPassword } from "@/lib/passwords";
import { viewOutboxEmail } from "@/lib/platform/outbox";
import { admitAttempt, recordFailure, signInPolicy } from "@/lib/platform/sign-in-throttle";
import {
  completePasswordReset,
  type Defer,
  loadResetLink,
  RESET_REQUESTED,
  requestPasswordReset,
} from "@/lib/tenant-auth/password-reset";
import { completePasswordSetup } from "@/lib/tenant-auth/setup-password";
import { signInTenantUser, tenantAccount } from "@/lib/tenant-auth/sign-in";
import { provisionTestTenant, TEST_ADMIN, uniqueSlug } from "./helpers/applications";
import { serialize, tenantSessionFor, welcomeToken } from "./helpers/tenant-auth";
import { boundary } from "./setup/request-boundary";

// The action hands the email to Next's after(); outside a request, this file runs it at once.
const afterTasks = vi.hoisted(() => [] as Promise<unknown>[]);
vi.mock("next/server", async (original) => ({
  ...(await original<typeof import("next/server")>()),
  after: (task: () => Promise<unknown>) => {
    afterTasks.push(task());
  },
}));

const PASSWORD = "Member-Passw0rd!";
const NEW_PASSWORD = "Brand-N3w-Secret!";
let counter = 0;
/** A fresh client address: each test's requests are counted apart from the others'. */
const request = () => ({ ip: `198.51.100.${++counter}`, userAgent: "vitest" });

interface Space {
  slug: string;
  tenantId: string;
  name: string;
  admin: string;
  member: string;
  inactive: string;
}

async function space(prefix: string): Promise<Space> {
  const slug = uniqueSlug(prefix);
  const admin = `admin@${slug}.example.org`;
  const { tenant } = await provisionTestTenant({ slug, email: admin, name: `Org ${prefix}` });
  await completePasswordSetup(await welcomeToken(tenant.id), PASSWORD, request());
  const db = tenantClient(tenant);
  const passwordHash = await hashPassword(PASSWORD);
  const member = `member@${slug}.example.org`;
  const inactive = `gone@${slug}.example.org`;
  for (const [email, status] of [
    [member, "active"],
    [inactive, "inactive"],
  ] as const) {
    await db.tenantUser.create({
      data: {
        uuid: randomUUID(),
        firstName: "Test",
        lastName: "User",
        email,
        passwordHash,
        tenantId: tenant.numericId,
        status,
      },
    });
  }
  return { slug, tenantId: tenant.id, name: tenant.name, admin, member, inactive };
}

const resetEmails = (tenantId?: string) =>
  landlord().emailOutbox.findMany({
    where: { template: "password-reset", ...(tenantId ? { tenantId } : {}) },
    orderBy: { createdAt: "asc" },
  });

/** The link in the newest reset email to `email`, as its recipient gets it. */
async function linkFor(email: string): Promise<{ token: string; url: string; emailId: string }> {
  const row = await landlord().emailOutbox.findFirstOrThrow({
    where: { template: "password-reset", toAddress: email },
    orderBy: { createdAt: "desc" },
  });
  const url = openSecrets(row.id, row.secrets).resetUrl ?? "";
  const token = /\/reset-password\/([A-Za-z0-9_-]{43})$/.exec(url)?.[1] ?? "";
  return { token, url, emailId: row.id };
}

async function users(s: Space) {
  const tenant = await landlord().tenant.findUniqueOrThrow({ where: { id: s.tenantId } });
  const db = tenantClient(tenant);
  return {
    hashes: (await db.tenantUser.findMany({ orderBy: { id: "asc" } })).map((u) => u.passwordHash),
    liveSessions: await db.tenantSession.count({ where: { revokedAt: null } }),
  };
}

let A: Space;
let B: Space;

beforeAll(async () => {
  A = await space("reset-a");
  B = await space("reset-b");
});

beforeEach(async () => {
  boundary.session = null;
  afterTasks.length = 0;
  await landlord().rateLimitBucket.deleteMany();
  await landlord().maintenanceHold.deleteMany();
  await landlord().tenant.updateMany({ where: { id: { in: [A.tenantId, B.tenantId] } }, data: { status: "active" } });
});

afterAll(() => {
  vi.unstubAllEnvs();
  resetEnvCache();
});

describe("asking for a link", () => {
  it("mails an active user a one-time link that the stored copy never holds, shown to owners only", async () => {
    const before = (await resetEmails(A.tenantId)).length;
    expect(await requestPasswordReset({ slug: A.slug, email: ` ${A.member.toUpperCase()} ` }, request())).toEqual({
      message: RESET_REQUESTED,
    });
    const emails = await resetEmails(A.tenantId);
    expect(emails).toHaveLength(before + 1);
    const { token, url, emailId } = await linkFor(A.member);
    expect(url).toBe(`${env().APP_URL}/${A.slug}/reset-password/${token}`);
    const stored = emails.at(-1);
    expect(stored).toMatchObject({ toAddress: A.member, tenantId: A.tenantId });
    for (const body of [stored?.html, stored?.text]) expect(body).not.toContain(token);

    const row = await landlord().passwordResetToken.findUniqueOrThrow({
      where: { tokenHash: createHash("sha256").update(token).digest("hex") },
    });
    expect(row).toMatchObject({ tenantId: A.tenantId, email: A.member, usedAt: null });
    const ttl = row.expiresAt.getTime() - row.createdAt.getTime();
    expect(ttl).toBeGreaterThan(59 * 60_000);
    expect(ttl).toBeLessThan(61 * 60_000);

    // The outbox (the development mailbox here) shows the link to an owner, never to another role.
    const reviewer = await viewOutboxEmail(emailId, { ...TEST_ADMIN, label: "reviewer" }, { mayReadSecrets: false });
    expect(reviewer).toMatchObject({ withheld: true, revealed: false });
    expect(reviewer?.html).not.toContain(token);
    const owner = await viewOutboxEmail(emailId, TEST_ADMIN, { mayReadSecrets: true });
    expect(owner?.html).toContain(token);

    expect(
      await landlord().auditLog.findFirst({
        where: { tenantId: A.tenantId, action: "auth.password_reset_requested" },
        orderBy: { id: "desc" },
      }),
    ).toMatchObject({ context: expect.objectContaining({ email: A.member, outcome: "sent" }) });
  });

  it("answers the same and mails nothing for an unknown address, an inactive user, a suspended space, a space in maintenance or no space", async () => {
    const cases: [string, () => Promise<unknown>, { slug: string; email: string }, string][] = [
      ["unknown user", async () => undefined, { slug: A.slug, email: "nobody@example.org" }, "unknown_user"],
      ["inactive user", async () => undefined, { slug: A.slug, email: A.inactive }, "user_inactive"],
      [
        "suspended space",
        () => landlord().tenant.update({ where: { id: A.tenantId }, data: { status: "suspended" } }),
        { slug: A.slug, email: A.member },
        "tenant_closed",
      ],
      [
        "space in maintenance",
        () =>
          landlord().maintenanceHold.create({
            data: { id: randomUUID(), tenantId: A.tenantId, kind: "admin", owner: "test" },
          }),
        { slug: A.slug, email: A.member },
        "maintenance",
      ],
      ["no such space", async () => undefined, { slug: "no-such-space", email: A.member }, "unknown_tenant"],
    ];
    for (const [what, arrange, input, outcome] of cases) {
      await landlord().tenant.update({ where: { id: A.tenantId }, data: { status: "active" } });
      await landlord().maintenanceHold.deleteMany();
      await arrange();
      const emails = (await resetEmails()).length;
      const tokens = await landlord().passwordResetToken.count();
      expect(await requestPasswordReset(input, request()), what).toEqual({ message: RESET_REQUESTED });
      expect((await resetEmails()).length, what).toBe(emails);
      expect(await landlord().passwordResetToken.count(), what).toBe(tokens);
      const audit = await landlord().auditLog.findFirstOrThrow({
        where: { action: "auth.password_reset_requested" },
        orderBy: { id: "desc" },
      });
      expect(audit.context, what).toMatchObject({ outcome });
    }
  });

  it("gives its answer before any link is made, for a real account as for an unknown one", async () => {
    const made = async () => ({
      emails: (await resetEmails()).length,
      tokens: await landlord().passwordResetToken.count(),
    });
    const start = await made();
    const deferred: (() => Promise<void>)[] = [];
    const defer: Defer = (task) => void deferred.push(task);
    const real = await requestPasswordReset({ slug: A.slug, email: A.admin }, request(), { defer });
    const unknown = await requestPasswordReset({ slug: A.slug, email: "ghost@example.org" }, request(), { defer });
    expect(real).toEqual(unknown);
    // Nothing of the link exists when the answer is given: the same work was done for both.
    expect(await made()).toEqual(start);
    for (const task of deferred) await task();
    expect(await made()).toEqual({ emails: start.emails + 1, tokens: start.tokens + 1 });
  });

  it("is throttled per account and per address, the same for accounts that do not exist, and audited once", async () => {
    const limit = env().RESET_REQUESTS_PER_ACCOUNT;
    for (const email of [A.member, "nobody-at-all@example.org"]) {
      for (let i = 0; i < limit; i++) await requestPasswordReset({ slug: A.slug, email }, request());
      for (let i = 0; i < 2; i++) {
        await expect(requestPasswordReset({ slug: A.slug, email }, request())).rejects.toMatchObject({
          code: "RATE_LIMITED",
          message: expect.stringMatching(/Too many requests for a new password. Try again in \d+ minutes?\./),
        });
      }
    }
    const throttled = await landlord().auditLog.findMany({
      where: { action: "auth.password_reset_requested" },
      orderBy: { id: "desc" },
      take: 20,
    });
    const refusals = throttled.filter((a) => (a.context as { outcome?: string }).outcome === "throttled");
    expect(refusals).toHaveLength(2); // one per account, when the refusals started

    vi.stubEnv("RESET_REQUESTS_PER_IP", "4");
    resetEnvCache();
    const from = request();
    for (let i = 0; i < 4; i++) await requestPasswordReset({ slug: A.slug, email: `x${i}@example.org` }, from);
    await expect(requestPasswordReset({ slug: A.slug, email: "x9@example.org" }, from)).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
    vi.unstubAllEnvs();
    resetEnvCache();
  });

  it("called with another space's address (by a user of this one) changes nothing of that space's but the email any visitor could ask for", async () => {
    const { session } = await tenantSessionFor(A.slug, A.admin, PASSWORD, "203.0.113.50");
    boundary.session = session;
    const before = await users(B);
    const emails = (await resetEmails(B.tenantId)).length;
    expect(await requestPasswordResetAction({ slug: B.slug, email: B.admin })).toEqual({
      ok: true,
      data: { message: RESET_REQUESTED },
    });
    await Promise.all(afterTasks);
    expect(await users(B)).toEqual(before);
    expect(await resetEmails(B.tenantId)).toHaveLength(emails + 1);
    expect((await resetEmails(B.tenantId)).at(-1)?.toAddress).toBe(B.admin);
  });
});

describe("using the link", () => {
  it("sets a new password under the policy, once, ends every session and clears the account's locks", async () => {
    const policy = signInPolicy();
    await tenantSessionFor(A.slug, A.member, PASSWORD, "203.0.113.7");
    await tenantSessionFor(A.slug, A.member, PASSWORD, "203.0.113.8");
    const db = tenantClient(await landlord().tenant.findUniqueOrThrow({ where: { id: A.tenantId } }));
    const member = await db.tenantUser.findUniqueOrThrow({ where: { email: A.member } });
    expect(await db.tenantSession.count({ where: { userId: member.id, revokedAt: null } })).toBeGreaterThanOrEqual(2);
    // Someone guessed from one network until the account was locked there.
    const account = tenantAccount(A.slug, A.member);
    for (let i = 0; i < policy.pairFailures.limit; i++) await recordFailure(account, "192.0.2.99", policy);
    expect(await admitAttempt(account, "192.0.2.99", policy)).toMatchObject({ allowed: false, reason: "locked" });

    await requestPasswordReset({ slug: A.slug, email: A.member }, request());
    const { token } = await linkFor(A.member);
    expect(await loadResetLink(A.slug, token)).toMatchObject({ ok: true, email: A.member, organizationName: A.name });

    // The policy holds, and a refused password leaves the link usable.
    expect(
      await resetPasswordAction({ slug: A.slug, token, password: "short", confirmPassword: "short" }),
    ).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect(
      await resetPasswordAction({ slug: A.slug, token, password: PASSWORD, confirmPassword: PASSWORD }),
    ).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
      fieldErrors: { password: [expect.stringMatching(/different/)] },
    });

    expect(
      await resetPasswordAction({ slug: A.slug, token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
    ).toEqual({ ok: true, data: { slug: A.slug, email: A.member } });

    expect(await db.tenantSession.count({ where: { userId: member.id, revokedAt: null } })).toBe(0);
    expect(await admitAttempt(account, "192.0.2.99", policy)).toEqual({ allowed: true });
    expect((await signInTenantUser({ slug: A.slug, email: A.member, password: NEW_PASSWORD }, request())).ok).toBe(
      true,
    );
    expect((await signInTenantUser({ slug: A.slug, email: A.member, password: PASSWORD }, request())).ok).toBe(false);
    expect(
      await landlord().auditLog.findFirst({ where: { tenantId: A.tenantId, action: "auth.password_reset" } }),
    ).toMatchObject({ actorLabel: A.member, context: expect.objectContaining({ sessionsEnded: expect.any(Number) }) });

    // Once only.
    expect(await loadResetLink(A.slug, token)).toEqual({ ok: false, problem: "used" });
    await expect(completePasswordReset(A.slug, token, "Another-Passw0rd!", request())).rejects.toMatchObject({
      code: "INVALID_STATE",
      details: { problem: "used" },
    });
  });

  it("expires after an hour, and a newer link replaces an older one", async () => {
    await requestPasswordReset({ slug: A.slug, email: A.admin }, request());
    const older = await linkFor(A.admin);
    await requestPasswordReset({ slug: A.slug, email: A.admin }, request());
    const newer = await linkFor(A.admin);
    expect(await loadResetLink(A.slug, older.token)).toEqual({ ok: false, problem: "unknown" });
    expect(await loadResetLink(A.slug, newer.token)).toMatchObject({ ok: true });

    await landlord().passwordResetToken.updateMany({
      where: { tokenHash: createHash("sha256").update(newer.token).digest("hex") },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const before = await users(A);
    expect(await loadResetLink(A.slug, newer.token)).toEqual({ ok: false, problem: "expired" });
    await expect(completePasswordReset(A.slug, newer.token, NEW_PASSWORD, request())).rejects.toMatchObject({
      code: "INVALID_STATE",
      details: { problem: "expired" },
    });
    expect(await users(A)).toEqual(before);
  });

  it("works only under its own space's address, and not once the space is suspended", async () => {
    await requestPasswordReset({ slug: A.slug, email: A.admin }, request());
    const { token } = await linkFor(A.admin);
    const before = { a: await users(A), b: await users(B) };
    expect(await loadResetLink(B.slug, token)).toEqual({ ok: false, problem: "unknown" });
    expect(
      await resetPasswordAction({ slug: B.slug, token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
    ).toMatchObject({ ok: false, code: "INVALID_STATE" });
    const page = serialize(await ResetPasswordPage({ params: Promise.resolve({ slug: B.slug, token }) }));
    expect(page).toContain("This link cannot be used");
    expect(page).not.toContain(A.admin);

    await landlord().tenant.update({ where: { id: A.tenantId }, data: { status: "suspended" } });
    expect(await loadResetLink(A.slug, token)).toEqual({ ok: false, problem: "unavailable" });
    expect({ a: await users(A), b: await users(B) }).toEqual(before);

    await landlord().tenant.update({ where: { id: A.tenantId }, data: { status: "active" } });
    const ready = serialize(await ResetPasswordPage({ params: Promise.resolve({ slug: A.slug, token }) }));
    expect(ready).toContain(A.admin);
    expect(ready).toContain("Choose a new password");
  });
});

describe("the pages", () => {
  it("the sign-in page links to the forgot-password page, which names the organization", async () => {
    const login = serialize(
      await TenantLoginPage({ params: Promise.resolve({ slug: A.slug }), searchParams: Promise.resolve({}) }),
    );
    expect(login).toContain(`/${A.slug}/forgot-password`);
    const forgot = serialize(await ForgotPasswordPage({ params: Promise.resolve({ slug: A.slug }) }));
    expect(forgot).toContain(A.name);
    expect(forgot).not.toContain(A.member);
  });
});
