// Two-factor sign-in for platform admins: enrolment with a confirmation code,
// a wrong code (refused, audited, counted like a wrong password), a replayed
// code, recovery codes that work once, the secret sealed, and the requirement
// that sends an admin without TOTP to enrol before anything else.
import { afterEach, describe, expect, it, vi } from "vitest";
import { requirePlatformAdmin } from "@/lib/auth/session";
import { landlord } from "@/lib/db/landlord";
import { resetEnvCache } from "@/lib/env";
import { signInPlatformAdmin } from "@/lib/platform/admins";
import { signInPolicy } from "@/lib/platform/sign-in-throttle";
import {
  checkSecondFactor,
  confirmTotpEnrolment,
  currentTotpCode,
  startTotpEnrolment,
} from "@/lib/platform/two-factor";
import { adminSessionOf, createTestAdmin, type TestAdmin } from "./helpers/platform-admin";
import { boundary } from "./setup/request-boundary";

let n = 0;
const from = () => ({ ip: `198.18.20.${++n}`, userAgent: "vitest" });
// No account-wide wait here: these tests fail a code on purpose and then sign in right away.
const NO_WAIT = { ...signInPolicy(), delayBaseMs: 0 };
const actorOf = (admin: TestAdmin) => ({
  type: "platform_admin" as const,
  id: admin.id,
  label: admin.email,
  ...from(),
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  resetEnvCache();
});

async function sealedSecret(admin: TestAdmin) {
  return (await landlord().user.findUniqueOrThrow({ where: { id: BigInt(admin.id) } })).totpSecret as string;
}

/** An admin with TOTP on; returns the recovery codes. */
async function enrolled(admin: TestAdmin): Promise<string[]> {
  await startTotpEnrolment(BigInt(admin.id), admin.email);
  return confirmTotpEnrolment(
    BigInt(admin.id),
    currentTotpCode(await sealedSecret(admin), BigInt(admin.id)),
    actorOf(admin),
  );
}

describe("enrolment", () => {
  it("shows a QR code and the secret once, keeps the secret sealed, and needs a right code to turn on", async () => {
    const admin = await createTestAdmin();
    const enrolment = await startTotpEnrolment(BigInt(admin.id), admin.email);
    expect(enrolment.uri).toMatch(/^otpauth:\/\/totp\/Election%20Platform:.*secret=/);
    expect(enrolment.qrSvg).toMatch(/^<svg/);
    const stored = await sealedSecret(admin);
    expect(stored).toMatch(/^v1:test:/);
    expect(stored).not.toContain(enrolment.secret);

    await expect(confirmTotpEnrolment(BigInt(admin.id), "000000", actorOf(admin))).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
    expect(await landlord().auditLog.count({ where: { action: "auth.code_failed", actorLabel: admin.email } })).toBe(1);
    const codes = await confirmTotpEnrolment(
      BigInt(admin.id),
      currentTotpCode(stored, BigInt(admin.id)),
      actorOf(admin),
    );
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const hashes = await landlord().recoveryCode.findMany({ where: { userId: BigInt(admin.id) } });
    expect(hashes).toHaveLength(10);
    const kept = hashes.map((h) => h.codeHash).join(" ");
    for (const code of codes) expect(kept).not.toContain(code); // only hashes are kept
  });
});

describe("sign-in with a code", () => {
  it("asks for the code after the right password, refuses a wrong one (audited), accepts the right one once", async () => {
    const admin = await createTestAdmin();
    await enrolled(admin);
    vi.useFakeTimers({ now: Date.now() + 60_000, toFake: ["Date"] }); // the next time step: the enrolment code is spent
    const credentials = { email: admin.email, password: admin.password };
    expect(await signInPlatformAdmin(credentials, from(), NO_WAIT)).toEqual({ ok: false, reason: "code_required" });
    expect(await signInPlatformAdmin({ ...credentials, code: "123456" }, from(), NO_WAIT)).toEqual({
      ok: false,
      reason: "code_invalid",
    });
    expect(await landlord().auditLog.count({ where: { action: "auth.code_failed", actorLabel: admin.email } })).toBe(1);

    const code = currentTotpCode(await sealedSecret(admin), BigInt(admin.id));
    expect((await signInPlatformAdmin({ ...credentials, code }, from(), NO_WAIT)).ok).toBe(true);
    // Replayed within its window (a shoulder-surfed or phished code): refused.
    expect(await signInPlatformAdmin({ ...credentials, code }, from(), NO_WAIT)).toEqual({
      ok: false,
      reason: "code_invalid",
    });
    expect(await checkSecondFactor(BigInt(admin.id), code)).toBeNull();
  });

  it("a wrong password never reveals whether a code would be asked", async () => {
    const admin = await createTestAdmin();
    await enrolled(admin);
    expect(await signInPlatformAdmin({ email: admin.email, password: "wrong" }, from(), NO_WAIT)).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("takes a recovery code once, and audits its use", async () => {
    const admin = await createTestAdmin();
    const [first] = await enrolled(admin);
    const credentials = { email: admin.email, password: admin.password, code: (first as string).toUpperCase() };
    expect((await signInPlatformAdmin(credentials, from(), NO_WAIT)).ok).toBe(true);
    expect(await signInPlatformAdmin(credentials, from(), NO_WAIT)).toEqual({ ok: false, reason: "code_invalid" });
    expect(
      await landlord().auditLog.count({ where: { action: "auth.recovery_code_used", actorLabel: admin.email } }),
    ).toBe(1);
  });

  it("codes are throttled like passwords: repeated wrong codes lock the pair", async () => {
    const admin = await createTestAdmin();
    await enrolled(admin);
    const ip = from();
    const policy = {
      ipAttempts: { limit: 1000, windowSeconds: 300 },
      pairFailures: { limit: 3, windowSeconds: 900 },
      ipFailures: { limit: 1000, windowSeconds: 900 },
      lockSeconds: 600,
      delayBaseMs: 0,
      delayMaxMs: 0,
      knownAddressDays: 30,
    };
    for (let i = 0; i < 3; i++) {
      await signInPlatformAdmin({ email: admin.email, password: admin.password, code: `00000${i}` }, ip, policy);
    }
    const code = currentTotpCode(await sealedSecret(admin), BigInt(admin.id));
    expect(await signInPlatformAdmin({ email: admin.email, password: admin.password, code }, ip, policy)).toMatchObject(
      {
        ok: false,
        reason: "locked",
      },
    );
  });
});

describe("PLATFORM_REQUIRE_2FA", () => {
  it("sends an admin without TOTP to enrol before anything else; their own account stays open", async () => {
    vi.stubEnv("PLATFORM_REQUIRE_2FA", "1");
    resetEnvCache();
    const admin = await createTestAdmin();
    boundary.session = (await adminSessionOf(admin)).session;
    await expect(requirePlatformAdmin("platform.read")).rejects.toMatchObject({
      code: "FORBIDDEN",
      details: { enrolTwoFactor: true },
    });
    await expect(requirePlatformAdmin("account.self")).resolves.toMatchObject({ twoFactor: false });
    await enrolled(admin);
    boundary.session = (await adminSessionOf(admin)).session;
    await expect(requirePlatformAdmin("platform.read")).resolves.toMatchObject({ twoFactor: true });
  });

  it("is on by default in production and off on a developer's machine", async () => {
    const { parseEnv } = await import("@/lib/env");
    const secrets = { AUTH_SECRET: "x".repeat(32), ENCRYPTION_KEYS: `k:${"A".repeat(43)}=` };
    expect(parseEnv({ APP_URL: "https://vote.example.org", ...secrets }).PLATFORM_REQUIRE_2FA).toBe(true);
    expect(parseEnv({}).PLATFORM_REQUIRE_2FA).toBe(false);
    expect(parseEnv({ PLATFORM_REQUIRE_2FA: "1" }).PLATFORM_REQUIRE_2FA).toBe(true);
  });
});
