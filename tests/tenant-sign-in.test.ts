// Tenant sign-in against MariaDB: the right password, every kind of refusal
// (one message, one bcrypt comparison each, all audited without the password),
// throttling, lockout and sign-out. Only the request boundary is mocked.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { authOptions } from "@/lib/auth/options";
import { landlord } from "@/lib/db/landlord";
import { closeTenantClients, tenantCacheStats, tenantClient } from "@/lib/db/tenant-clients";
import * as passwords from "@/lib/passwords";
import type { ThrottlePolicy } from "@/lib/platform/sign-in-throttle";
import { signInTenantUser } from "@/lib/tenant-auth/sign-in";
import { SIGN_IN_REFUSED, signInErrorMessage } from "@/lib/tenant-auth/sign-in-messages";
import { provisionTestTenant, uniqueSlug } from "./helpers/applications";
import { INITIAL_PASSWORD, serialize, withFixedInitialPassword } from "./helpers/tenant-auth";
import { tenantDbFor } from "./helpers/tenant-state";
import { boundary } from "./setup/request-boundary";

boundary.headers = new Headers({ "x-forwarded-for": "198.18.0.1", "user-agent": "vitest" });
withFixedInitialPassword();

// Spied, not replaced: the real bcrypt runs; the tests count the comparisons.
vi.mock("@/lib/passwords", async (original) => {
  const real = await original<typeof import("@/lib/passwords")>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword), verifyAgainstDecoy: vi.fn(real.verifyAgainstDecoy) };
});

const FAST: ThrottlePolicy = {
  ipAttempts: { limit: 1000, windowSeconds: 300 },
  pairFailures: { limit: 3, windowSeconds: 900 },
  ipFailures: { limit: 1000, windowSeconds: 900 },
  lockSeconds: 600,
  delayBaseMs: 0,
  delayMaxMs: 0,
  knownAddressDays: 30,
};

let ipCount = 0;
const freshIp = () => `198.18.1.${++ipCount}`;
const req = (ip = freshIp()) => ({ ip, userAgent: "vitest" });

let slug: string;
let tenantId: string;
let email: string;

beforeAll(async () => {
  email = `${uniqueSlug("admin")}@example.org`;
  const { tenant } = await provisionTestTenant({ slug: uniqueSlug("signin"), email });
  slug = tenant.slug;
  tenantId = tenant.id;
});

beforeEach(async () => {
  // Each test starts with no throttling state; they share one account.
  await landlord().rateLimitBucket.deleteMany();
  vi.mocked(passwords.verifyPassword).mockClear();
  vi.mocked(passwords.verifyAgainstDecoy).mockClear();
});

function comparisons() {
  return (
    vi.mocked(passwords.verifyPassword).mock.calls.length + vi.mocked(passwords.verifyAgainstDecoy).mock.calls.length
  );
}

async function lastAudit(action: string) {
  return landlord().auditLog.findFirstOrThrow({ where: { action }, orderBy: { id: "desc" } });
}

const authorize = (credentials: Record<string, string>) => {
  // next-auth keeps a provider's own settings (id, authorize) under `options` until it merges them.
  const providers = authOptions().providers as unknown as {
    options: { id: string; authorize: (c: Record<string, string>) => Promise<unknown> };
  }[];
  const provider = providers.find((p) => p.options.id === "tenant");
  if (!provider) throw new Error("no tenant provider");
  return provider.options.authorize(credentials);
};

describe("tenant sign-in", () => {
  it("the right password signs in: a session row, the last sign-in time, an audit entry", async () => {
    const ip = freshIp();
    const result = await signInTenantUser(
      { slug: slug.toUpperCase(), email: ` ${email.toUpperCase()} `, password: INITIAL_PASSWORD },
      req(ip),
    );
    expect(result).toMatchObject({ ok: true, tenant: { slug }, user: { email, mustChangePassword: true } });
    if (!result.ok) return;
    const db = await tenantDbFor(slug);
    const row = await db.tenantSession.findUniqueOrThrow({ where: { id: result.sessionId } });
    expect(row).toMatchObject({ userId: result.user.id, ip, userAgent: "vitest", revokedAt: null });
    expect((await db.tenantUser.findUniqueOrThrow({ where: { email } })).lastLoginAt).not.toBeNull();
    expect(await lastAudit("auth.signed_in")).toMatchObject({ tenantId, actorId: result.user.uuid, ip });
    expect(comparisons()).toBe(1);
  });

  it("one user signing in from many places at once gets a session each (no deadlock on their row)", async () => {
    const attempts = Array.from({ length: 12 }, () =>
      signInTenantUser({ slug, email, password: INITIAL_PASSWORD }, req(freshIp())),
    );
    const results = await Promise.all(attempts);
    expect(results.map((r) => r.ok)).toEqual(Array(12).fill(true));
    const ids = results.flatMap((r) => (r.ok ? [r.sessionId] : []));
    const db = await tenantDbFor(slug);
    expect(await db.tenantSession.count({ where: { id: { in: ids } } })).toBe(12);
  });

  it("the provider puts realm, tenant and session row into the JWT", async () => {
    const user = (await authorize({ slug, email, password: INITIAL_PASSWORD })) as Record<string, string>;
    expect(user).toMatchObject({ realm: "tenant", tenantSlug: slug, email });
    const token = await authOptions().callbacks?.jwt?.({ token: {}, user } as never);
    expect(token).toMatchObject({ realm: "tenant", tenantSlug: slug, sessionId: user.sessionId, sub: user.id });
    const row = await (await tenantDbFor(slug)).tenantSession.findUnique({ where: { id: user.sessionId } });
    expect(row?.revokedAt).toBeNull();
  });

  describe("every refusal looks the same, costs one bcrypt comparison and is audited without the password", () => {
    const cases: [string, () => Promise<{ slug: string; email: string; password: string }>, string][] = [
      ["wrong password", async () => ({ slug, email, password: "Wrong-Passw0rd!" }), "wrong_password"],
      [
        "unknown email",
        async () => ({ slug, email: "nobody@example.org", password: INITIAL_PASSWORD }),
        "unknown_user",
      ],
      [
        "unknown slug",
        async () => ({ slug: uniqueSlug("ghost"), email, password: INITIAL_PASSWORD }),
        "unknown_tenant",
      ],
      ["invalid slug", async () => ({ slug: "../admin", email, password: INITIAL_PASSWORD }), "unknown_tenant"],
      [
        "suspended tenant",
        async () => {
          const other = `${uniqueSlug("s")}@example.org`;
          const { tenant } = await provisionTestTenant({ slug: uniqueSlug("susp"), email: other });
          await landlord().tenant.update({ where: { id: tenant.id }, data: { status: "suspended" } });
          return { slug: tenant.slug, email: other, password: INITIAL_PASSWORD };
        },
        "tenant_closed",
      ],
      [
        "soft-deleted tenant",
        async () => {
          const other = `${uniqueSlug("d")}@example.org`;
          const { tenant } = await provisionTestTenant({ slug: uniqueSlug("gone"), email: other });
          await landlord().tenant.update({ where: { id: tenant.id }, data: { deletedAt: new Date() } });
          return { slug: tenant.slug, email: other, password: INITIAL_PASSWORD };
        },
        "tenant_closed",
      ],
      [
        "inactive user",
        async () => {
          const other = `${uniqueSlug("i")}@example.org`;
          const { tenant } = await provisionTestTenant({ slug: uniqueSlug("inact"), email: other });
          await tenantClient(tenant).tenantUser.update({ where: { email: other }, data: { status: "inactive" } });
          return { slug: tenant.slug, email: other, password: INITIAL_PASSWORD };
        },
        "user_inactive",
      ],
      [
        "suspended user",
        async () => {
          const other = `${uniqueSlug("u")}@example.org`;
          const { tenant } = await provisionTestTenant({ slug: uniqueSlug("usus"), email: other });
          await tenantClient(tenant).tenantUser.update({ where: { email: other }, data: { status: "suspended" } });
          return { slug: tenant.slug, email: other, password: INITIAL_PASSWORD };
        },
        "user_inactive",
      ],
    ];

    it.each(cases)("%s", async (_name, setup, reason) => {
      const credentials = await setup();
      vi.mocked(passwords.verifyPassword).mockClear();
      vi.mocked(passwords.verifyAgainstDecoy).mockClear();
      const ip = freshIp();
      expect(await signInTenantUser(credentials, req(ip), FAST)).toEqual({ ok: false, reason: "invalid" });
      expect(comparisons()).toBe(1);

      const audited = await lastAudit("auth.signin_failed");
      expect(audited).toMatchObject({ actorType: "tenant_user", ip });
      expect(audited.context).toMatchObject({ reason, email: credentials.email });
      expect(serialize(audited)).not.toContain(credentials.password);

      // Through next-auth: null, which the form shows as the one message.
      boundary.headers = new Headers({ "x-forwarded-for": freshIp() });
      expect(await authorize(credentials)).toBeNull();
      expect(signInErrorMessage("CredentialsSignin")).toBe(SIGN_IN_REFUSED);
    });
  });

  it("malformed credentials are refused before any lookup", async () => {
    expect(await authorize({ slug, email })).toBeNull();
    expect(await authorize({ slug, email, password: "x".repeat(201) })).toBeNull();
  });
});

describe("throttling", () => {
  it("locks an account on one address after N failures, audits the lock once, refuses even the right password there", async () => {
    const ip = freshIp();
    const before = await landlord().auditLog.count({ where: { action: "auth.locked_out" } });
    for (let i = 0; i < 3; i++) {
      expect(await signInTenantUser({ slug, email, password: `Wrong-${i}` }, req(ip), FAST)).toMatchObject({
        reason: "invalid",
      });
    }
    const lockouts = await landlord().auditLog.findMany({
      where: { action: "auth.locked_out" },
      orderBy: { id: "asc" },
    });
    expect(lockouts).toHaveLength(before + 1);
    expect(lockouts.at(-1)).toMatchObject({ ip, context: expect.objectContaining({ scope: "pair", email, slug }) });

    vi.mocked(passwords.verifyPassword).mockClear();
    const locked = await signInTenantUser({ slug, email, password: INITIAL_PASSWORD }, req(ip), FAST);
    expect(locked).toMatchObject({ ok: false, reason: "locked" });
    expect(locked.ok ? 0 : locked.retryAfterSeconds).toBeGreaterThan(590);
    expect(vi.mocked(passwords.verifyPassword)).not.toHaveBeenCalled();
    expect((await lastAudit("auth.signin_failed")).context).toMatchObject({ reason: "locked", email });

    // Through next-auth the form learns how long to wait.
    boundary.headers = new Headers({ "x-forwarded-for": ip });
    await expect(authorize({ slug, email, password: INITIAL_PASSWORD })).rejects.toThrow(/^locked:\d+$/);

    // The lock is this address's only: from another one the right password works.
    expect((await signInTenantUser({ slug, email, password: INITIAL_PASSWORD }, req(), FAST)).ok).toBe(true);
  });

  it("cannot be used against the owner: guesses from five addresses lock nothing, the owner signs in", async () => {
    const home = freshIp();
    expect((await signInTenantUser({ slug, email, password: INITIAL_PASSWORD }, req(home), FAST)).ok).toBe(true);
    const policy = { ...FAST, delayBaseMs: 1000, delayMaxMs: 30_000 };
    for (let i = 0; i < 5; i++) {
      const guess = await signInTenantUser({ slug, email, password: `Guess-${i}` }, req(`203.0.113.${50 + i}`), policy);
      // Each stranger's address is either refused outright or waits: never a lock of the account.
      expect(guess).not.toMatchObject({ reason: "locked" });
    }
    // A new address must wait a little (a Retry-After, not a lock, not a request held open)...
    const stranger = await signInTenantUser({ slug, email, password: INITIAL_PASSWORD }, req(), policy);
    expect(stranger).toMatchObject({ ok: false, reason: "wait" });
    expect(stranger.ok ? 0 : stranger.retryAfterSeconds).toBeLessThanOrEqual(30);
    // ...but the owner, from the address they signed in from before, gets straight in.
    const started = performance.now();
    expect((await signInTenantUser({ slug, email, password: INITIAL_PASSWORD }, req(home), policy)).ok).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("makes an account's next attempt wait longer after each failure, up to a ceiling (real policy)", async () => {
    const who = { slug, email: `slow-${uniqueSlug()}@example.org`, password: "Wrong-1" };
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      expect(await signInTenantUser(who, req())).toMatchObject({ reason: "invalid" });
      expect(performance.now() - started).toBeLessThan(1000); // answered at once, not held open
      const next = await signInTenantUser(who, req());
      expect(next).toMatchObject({ ok: false, reason: "wait" });
      waits.push(next.ok ? 0 : (next.retryAfterSeconds ?? 0));
      await landlord().rateLimitBucket.deleteMany({ where: { key: { startsWith: "signin:wait:" } } });
    }
    expect(waits).toEqual([1, 2, 4]);
  });

  it("counts failures for accounts that do not exist the same way (a lock reveals nothing)", async () => {
    const ghost = { slug: uniqueSlug("nobody"), email: "ghost@example.org", password: "Wrong-1" };
    const ip = freshIp();
    for (let i = 0; i < 3; i++) await signInTenantUser(ghost, req(ip), FAST);
    expect(await signInTenantUser(ghost, req(ip), FAST)).toMatchObject({ ok: false, reason: "locked" });
  });

  it("locks a client address that fails across many accounts; other addresses are not affected", async () => {
    const ip = freshIp();
    const policy = { ...FAST, ipFailures: { limit: 4, windowSeconds: 900 } };
    for (let i = 0; i < 4; i++) {
      await signInTenantUser({ slug, email: `probe${i}@example.org`, password: "Wrong-1" }, req(ip), policy);
    }
    expect(await signInTenantUser({ slug, email, password: INITIAL_PASSWORD }, req(ip), policy)).toMatchObject({
      reason: "locked",
    });
    expect((await lastAudit("auth.locked_out")).context).toMatchObject({ scope: "ip" });
    expect((await signInTenantUser({ slug, email, password: INITIAL_PASSWORD }, req(), policy)).ok).toBe(true);
  });

  it("refuses a flood of attempts from one address and audits it once", async () => {
    const ip = freshIp();
    const policy = { ...FAST, ipAttempts: { limit: 3, windowSeconds: 300 } };
    const before = await landlord().auditLog.count({ where: { action: "auth.locked_out" } });
    const results = [];
    for (let i = 0; i < 6; i++)
      results.push(await signInTenantUser({ slug, email, password: INITIAL_PASSWORD }, req(ip), policy));
    expect(results.map((r) => (r.ok ? "ok" : r.reason))).toEqual([
      "ok",
      "ok",
      "ok",
      "rate_limited",
      "rate_limited",
      "rate_limited",
    ]);
    const lockouts = await landlord().auditLog.findMany({
      where: { action: "auth.locked_out" },
      orderBy: { id: "asc" },
    });
    expect(lockouts).toHaveLength(before + 1);
    expect(lockouts.at(-1)).toMatchObject({ ip, context: expect.objectContaining({ reason: "rate_limited" }) });
  });
});

describe("a cold sign-in", () => {
  it("reaches the tenant's database over one connection of its own, with no Prisma client, and writes UTC times", async () => {
    await closeTenantClients(); // as a process that has not seen this tenant for a while
    const before = Date.now();
    const result = await signInTenantUser({ slug, email, password: INITIAL_PASSWORD }, req(), FAST);
    if (!result.ok) throw new Error(`sign-in refused: ${result.reason}`);
    const stats = tenantCacheStats();
    expect(stats.clients).toBe(0);
    expect(stats.peakConnections).toBe(1);
    // Read back through Prisma, which stores and reads UTC: the raw writes agree with it.
    const db = await tenantDbFor(slug);
    const session = await db.tenantSession.findUniqueOrThrow({ where: { id: result.sessionId } });
    const user = await db.tenantUser.findUniqueOrThrow({ where: { email } });
    for (const at of [session.createdAt, session.lastSeenAt, user.lastLoginAt as Date]) {
      expect(Math.abs(at.getTime() - before)).toBeLessThan(10_000);
    }
  });

  it("refuses an initial password whose link has expired, and accepts it while the link is valid", async () => {
    const db = await tenantDbFor(slug);
    const original = (await db.tenantUser.findUniqueOrThrow({ where: { email } })).passwordExpiresAt;
    try {
      await db.tenantUser.update({ where: { email }, data: { passwordExpiresAt: new Date(Date.now() - 60_000) } });
      expect(await signInTenantUser({ slug, email, password: INITIAL_PASSWORD }, req(), FAST)).toEqual({
        ok: false,
        reason: "expired",
      });
      await db.tenantUser.update({ where: { email }, data: { passwordExpiresAt: new Date(Date.now() + 60_000) } });
      expect(await signInTenantUser({ slug, email, password: INITIAL_PASSWORD }, req(), FAST)).toMatchObject({
        ok: true,
      });
    } finally {
      await db.tenantUser.update({ where: { email }, data: { passwordExpiresAt: original } });
    }
  });
});

describe("signing out", () => {
  it("ends the session row and is audited", async () => {
    const ip = freshIp();
    const result = await signInTenantUser({ slug, email, password: INITIAL_PASSWORD }, req(ip), FAST);
    if (!result.ok) throw new Error("sign-in failed");
    await authOptions().events?.signOut?.({
      token: { realm: "tenant", tenantSlug: slug, sessionId: result.sessionId, sub: result.user.uuid, email },
      session: undefined as never,
    });
    const row = await (await tenantDbFor(slug)).tenantSession.findUniqueOrThrow({ where: { id: result.sessionId } });
    expect(row.revokedAt).not.toBeNull();
    expect(await lastAudit("auth.signed_out")).toMatchObject({ tenantId, actorId: result.user.uuid });
  });
});
