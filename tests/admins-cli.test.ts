// The operator's admin commands of the command line (`tenants admins:*`):
// the way back in when no owner can sign in. Each against the real landlord
// database, signing in afterwards the way /admin/login does.
import { describe, expect, it } from "vitest";
import { landlord } from "@/lib/db/landlord";
import { findLivePlatformSession } from "@/lib/platform/admin-sessions";
import { signInPlatformAdmin } from "@/lib/platform/admins";
import type { Actor } from "@/lib/platform/audit";
import { signInPolicy } from "@/lib/platform/sign-in-throttle";
import { confirmTotpEnrolment, currentTotpCode, startTotpEnrolment } from "@/lib/platform/two-factor";
import { captureIo } from "@/scripts/lib/cli/capture";
import { main } from "@/scripts/lib/cli/main";
import { createTestAdmin } from "./helpers/platform-admin";

const OPERATOR: Actor = { type: "operator", label: "ops-on-call" };
let n = 0;
const from = () => ({ ip: `198.18.40.${++n}`, userAgent: "vitest" });
// No account-wide wait: a test tries the old password and then the new one right away.
const NO_WAIT = { ...signInPolicy(), delayBaseMs: 0 };
const signIn = (email: string, password: string) => signInPlatformAdmin({ email, password }, from(), NO_WAIT);

async function cli(...argv: string[]) {
  const out = captureIo();
  const code = await main(argv, out.io, { actor: OPERATOR });
  return { code, stdout: out.stdout(), stderr: out.stderr() };
}

const printedPassword = (stdout: string) => /password(?: for \S+)?: (\S+)/.exec(stdout)?.[1] ?? "";

async function lastAudit(action: string) {
  return landlord().auditLog.findFirstOrThrow({ where: { action }, orderBy: { id: "desc" } });
}

describe("admins:create", () => {
  it("creates the admin with the role asked for and prints a password, once, that signs in", async () => {
    const { code, stdout, stderr } = await cli("admins:create", "Night.Owl@Example.org", "--role", "reviewer");
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toContain("night.owl@example.org (reviewer)");
    const password = printedPassword(stdout);
    expect(password.length).toBeGreaterThanOrEqual(16);

    const user = await landlord().user.findUniqueOrThrow({
      where: { email: "night.owl@example.org" },
      omit: { passwordHash: false },
    });
    expect(user).toMatchObject({ role: "reviewer", status: "active" });
    expect(user.passwordHash).not.toContain(password);
    const signedIn = await signIn("night.owl@example.org", password);
    expect(signedIn).toMatchObject({ ok: true, admin: { role: "reviewer" } });
    expect(await lastAudit("admin.created")).toMatchObject({
      actorType: "operator",
      actorLabel: "ops-on-call",
      context: { email: "night.owl@example.org", role: "reviewer" },
    });
  });

  it("makes a viewer unless --role says otherwise", async () => {
    const { code, stdout } = await cli("admins:create", "quiet.reader@example.org");
    expect(code).toBe(0);
    expect(stdout).toContain("(viewer)");
    expect(await landlord().user.findUniqueOrThrow({ where: { email: "quiet.reader@example.org" } })).toMatchObject({
      role: "viewer",
    });
  });

  it("refuses an admin who exists already (exit 1), and changes nothing", async () => {
    const existing = await createTestAdmin("owner");
    const before = await landlord().user.findUniqueOrThrow({
      where: { email: existing.email },
      omit: { passwordHash: false },
    });
    const { code, stdout, stderr } = await cli("admins:create", existing.email.toUpperCase(), "--role", "viewer");
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain("is a platform admin already");
    expect(
      await landlord().user.findUniqueOrThrow({ where: { email: existing.email }, omit: { passwordHash: false } }),
    ).toEqual(before);
  });
});

describe("admins:reset-password", () => {
  it("prints a new password that signs in, ends every session and re-enables a disabled admin", async () => {
    const admin = await createTestAdmin("owner");
    const first = await signIn(admin.email, admin.password);
    if (!first.ok) throw new Error("the test admin could not sign in");
    await landlord().user.update({
      where: { id: BigInt(admin.id) },
      data: { status: "disabled", disabledAt: new Date() },
    });

    const { code, stdout, stderr } = await cli("admins:reset-password", admin.email);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const password = printedPassword(stdout);
    expect(password).not.toBe("");
    expect(password).not.toBe(admin.password);

    expect(await landlord().user.findUniqueOrThrow({ where: { id: BigInt(admin.id) } })).toMatchObject({
      status: "active",
      disabledAt: null,
    });
    const row = await landlord().platformSession.findUniqueOrThrow({ where: { id: first.admin.sessionId } });
    expect(row.revokedAt).not.toBeNull();
    expect(await findLivePlatformSession(first.admin.sessionId, admin.id)).toBeNull();
    expect(await signIn(admin.email, admin.password)).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await signIn(admin.email, password)).toMatchObject({ ok: true });
    expect(await lastAudit("admin.password_reset")).toMatchObject({
      actorType: "operator",
      context: { email: admin.email },
    });
  });

  it("refuses an unknown email (exit 1)", async () => {
    const { code, stderr } = await cli("admins:reset-password", "nobody@example.org");
    expect(code).toBe(1);
    expect(stderr).toContain("nobody@example.org is not a platform admin");
  });
});

describe("admins:reset-2fa", () => {
  it("turns TOTP off and deletes the recovery codes: the password alone signs in again", async () => {
    const admin = await createTestAdmin("owner");
    const id = BigInt(admin.id);
    await startTotpEnrolment(id, admin.email);
    const sealed = (await landlord().user.findUniqueOrThrow({ where: { id } })).totpSecret as string;
    await confirmTotpEnrolment(id, currentTotpCode(sealed, id), { type: "platform_admin", id: admin.id, ...from() });
    expect(await signIn(admin.email, admin.password)).toEqual({
      ok: false,
      reason: "code_required",
    });

    const { code, stdout } = await cli("admins:reset-2fa", admin.email);
    expect(code).toBe(0);
    expect(stdout).toContain(`Two-factor sign-in is off for ${admin.email}`);
    expect(await landlord().user.findUniqueOrThrow({ where: { id } })).toMatchObject({
      totpEnabledAt: null,
      totpSecret: null,
    });
    expect(await landlord().recoveryCode.count({ where: { userId: id } })).toBe(0);
    expect(await signIn(admin.email, admin.password)).toMatchObject({
      ok: true,
    });
    expect(await lastAudit("admin.two_factor_reset")).toMatchObject({
      actorType: "operator",
      actorLabel: "ops-on-call",
      context: { email: admin.email },
    });
  });
});

describe("bad usage exits 2 with the usage text and changes nothing", () => {
  it.each([
    ["no email", ["admins:create"]],
    ["two emails", ["admins:create", "a@example.org", "b@example.org"]],
    ["not an email", ["admins:create", "not-an-email"]],
    ["an unknown role", ["admins:create", "role.less@example.org", "--role", "superuser"]],
    ["an unknown option", ["admins:reset-password", "a@example.org", "--force"]],
    ["no email to reset", ["admins:reset-2fa"]],
  ])("%s", async (_case, argv) => {
    const admins = await landlord().user.count();
    const { code, stdout, stderr } = await cli(...argv);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("Usage: npm run tenants");
    expect(await landlord().user.count()).toBe(admins);
  });

  it("names what is missing", async () => {
    expect((await cli("admins:create")).stderr).toContain("admins:create takes exactly one email address");
    expect((await cli("admins:create", "--role", "owner", "x@example.org", "y")).stderr).toContain(
      "takes exactly one email address",
    );
  });
});
