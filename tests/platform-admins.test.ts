// Platform admins: the first owner, sign-in with its throttle and audit, and
// the permission table's roles. Sessions and two-factor have files of their own.
import { describe, expect, it } from "vitest";
import { landlord } from "@/lib/db/landlord";
import { verifyPassword } from "@/lib/passwords";
import { ensurePlatformAdmin, signInPlatformAdmin } from "@/lib/platform/admins";
import { can, type Permission, PLATFORM_ROLES } from "@/lib/platform/permissions";
import type { ThrottlePolicy } from "@/lib/platform/sign-in-throttle";
import { createTestAdmin } from "./helpers/platform-admin";

const FAST: ThrottlePolicy = {
  ipAttempts: { limit: 1000, windowSeconds: 300 },
  pairFailures: { limit: 3, windowSeconds: 900 },
  ipFailures: { limit: 1000, windowSeconds: 900 },
  lockSeconds: 600,
  delayBaseMs: 0,
  delayMaxMs: 0,
  knownAddressDays: 30,
};
let n = 0;
const from = (ip = `198.18.9.${++n}`) => ({ ip, userAgent: "vitest" });

describe("the first admin", () => {
  it("is an owner with a generated password shown once, and is never changed again", async () => {
    const first = await ensurePlatformAdmin("Root@Example.com");
    const password = first.created ? first.generatedPassword : undefined;
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(await ensurePlatformAdmin("root@example.com", "another password entirely")).toEqual({
      created: false,
      email: "root@example.com",
    });
    const row = await landlord().user.findUniqueOrThrow({
      where: { email: "root@example.com" },
      omit: { passwordHash: false },
    });
    expect(row.role).toBe("owner");
    expect(await verifyPassword(password as string, row.passwordHash)).toBe(true);
  });

  it("is made once when two starts race, and its hash is never returned unless asked", async () => {
    const results = await Promise.all([
      ensurePlatformAdmin("race@example.com"),
      ensurePlatformAdmin("race@example.com"),
    ]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await landlord().user.findUniqueOrThrow({ where: { email: "race@example.com" } })).not.toHaveProperty(
      "passwordHash",
    );
  });
});

describe("sign-in", () => {
  it("makes a session row for the right password; the same answer for a wrong one, an unknown email and a disabled admin", async () => {
    const admin = await createTestAdmin("reviewer");
    const ok = await signInPlatformAdmin({ email: admin.email.toUpperCase(), password: admin.password }, from(), FAST);
    expect(ok).toMatchObject({ ok: true, admin: { email: admin.email, role: "reviewer" } });
    if (!ok.ok) return;
    expect(await landlord().platformSession.findUnique({ where: { id: ok.admin.sessionId } })).toMatchObject({
      userId: BigInt(admin.id),
      revokedAt: null,
    });
    const disabled = await createTestAdmin("viewer");
    await landlord().user.update({ where: { id: BigInt(disabled.id) }, data: { status: "disabled" } });
    for (const attempt of [
      { email: admin.email, password: "wrong password" },
      { email: "nobody@platform.test", password: admin.password },
      { email: disabled.email, password: disabled.password },
    ]) {
      expect(await signInPlatformAdmin(attempt, from(), FAST)).toEqual({ ok: false, reason: "invalid" });
    }
    const reasons = (
      await landlord().auditLog.findMany({ where: { action: "auth.signin_failed" }, orderBy: { id: "asc" } })
    )
      .slice(-3)
      .map((a) => (a.context as { reason: string }).reason);
    expect(reasons).toEqual(["wrong_password", "unknown_admin", "admin_disabled"]);
  });

  it("refuses brute force: the pair locks after N failures, audited once; even the right password is refused there", async () => {
    const admin = await createTestAdmin();
    const ip = from();
    for (let i = 0; i < 3; i++) await signInPlatformAdmin({ email: admin.email, password: `guess-${i}` }, ip, FAST);
    const locked = await signInPlatformAdmin({ email: admin.email, password: admin.password }, ip, FAST);
    expect(locked).toMatchObject({ ok: false, reason: "locked" });
    const lockouts = await landlord().auditLog.findMany({
      where: { action: "auth.locked_out", actorLabel: admin.email },
    });
    expect(lockouts).toHaveLength(1);
    expect(lockouts[0]).toMatchObject({
      ip: ip.ip,
      userAgent: "vitest",
      context: expect.objectContaining({ scope: "pair" }),
    });
    // The owner from another address still gets in: a lock never keeps them out.
    expect((await signInPlatformAdmin({ email: admin.email, password: admin.password }, from(), FAST)).ok).toBe(true);
  });

  it("with the real policy, a flood from one address is refused: no more than the configured attempts are even checked", async () => {
    const admin = await createTestAdmin();
    const ip = from();
    const policy = { ...FAST, ipAttempts: { limit: 10, windowSeconds: 300 } };
    const results = [];
    for (let i = 0; i < 15; i++)
      results.push(await signInPlatformAdmin({ email: admin.email, password: `x${i}` }, ip, policy));
    expect(results.filter((r) => !r.ok && r.reason === "rate_limited")).toHaveLength(5);
  });
});

describe("roles", () => {
  it("grant what the issue's table says", () => {
    const table: Record<Permission, [boolean, boolean, boolean]> = {
      "account.self": [true, true, true],
      "platform.read": [true, true, true],
      "email.read_secrets": [true, false, false],
      "applications.review": [true, true, false],
      "tenants.operate": [true, true, false],
      "tenants.destroy": [true, false, false],
      "admins.manage": [true, false, false],
    };
    for (const [permission, expected] of Object.entries(table)) {
      expect(
        PLATFORM_ROLES.map((role) => can(role, permission as Permission)),
        permission,
      ).toEqual(expected);
    }
  });
});
