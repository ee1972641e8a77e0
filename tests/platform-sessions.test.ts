// A platform session is a row the server checks on every request: a cookie
// copied before any of these stops working at once: sign-out, "sign out
// everywhere else", the admin disabled or deleted, idle and absolute expiry.
// Reading a session moves only its idle end, never its absolute one.
import { beforeEach, describe, expect, it } from "vitest";
import { authOptions } from "@/lib/auth/options";
import { requirePlatformAdmin } from "@/lib/auth/session";
import { landlord } from "@/lib/db/landlord";
import { setAdminStatus } from "@/lib/platform/admin-accounts";
import {
  listPlatformSessions,
  revokeOtherPlatformSessions,
  revokePlatformSession,
} from "@/lib/platform/admin-sessions";
import { TEST_OPERATOR } from "./helpers/applications";
import { adminSessionOf, createTestAdmin, type TestAdmin } from "./helpers/platform-admin";
import { boundary } from "./setup/request-boundary";

let admin: TestAdmin;
beforeEach(async () => {
  admin = await createTestAdmin("reviewer");
  await createTestAdmin("owner"); // so the reviewer is never the last owner of anything
});

async function signedIn() {
  const { session, sessionId } = await adminSessionOf(admin);
  boundary.session = session; // the copied cookie
  return sessionId;
}

const opens = () =>
  requirePlatformAdmin().then(
    () => true,
    (error) => {
      expect(error).toMatchObject({ code: "UNAUTHORIZED" });
      return false;
    },
  );

describe("a copied cookie", () => {
  it("works while its row is live, with the admin's current role", async () => {
    await signedIn();
    await expect(requirePlatformAdmin()).resolves.toMatchObject({ email: admin.email, role: "reviewer" });
  });

  it("is dead after sign-out (next-auth's signOut event ends the row)", async () => {
    const sessionId = await signedIn();
    await authOptions().events?.signOut?.({
      token: { realm: "platform", sessionId, sub: admin.id },
      session: undefined as never,
    });
    expect(await opens()).toBe(false);
    expect((await landlord().platformSession.findUniqueOrThrow({ where: { id: sessionId } })).revokedAt).not.toBeNull();
  });

  it("is dead after the admin signs out everywhere else; the session they used stays", async () => {
    const copied = await signedIn();
    const { session: mine, sessionId: mineId } = await adminSessionOf(admin);
    expect(await revokeOtherPlatformSessions(BigInt(admin.id), mineId)).toBe(1);
    expect(await opens()).toBe(false);
    boundary.session = mine;
    expect(await opens()).toBe(true);
    expect((await listPlatformSessions(BigInt(admin.id))).map((s) => s.id)).toEqual([mineId]);
    expect(copied).not.toBe(mineId);
  });

  it("is dead once the admin is disabled, and stays dead after they are re-enabled", async () => {
    await signedIn();
    await setAdminStatus(BigInt(admin.id), "disabled", TEST_OPERATOR);
    expect(await opens()).toBe(false);
    await setAdminStatus(BigInt(admin.id), "active", TEST_OPERATOR);
    expect(await opens()).toBe(false);
  });

  it("is dead once the admin's row is deleted", async () => {
    await signedIn();
    await landlord().user.delete({ where: { id: BigInt(admin.id) } });
    expect(await opens()).toBe(false);
  });

  it("is dead after the idle timeout (30 minutes by default)", async () => {
    const sessionId = await signedIn();
    await landlord().platformSession.update({
      where: { id: sessionId },
      data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) },
    });
    expect(await opens()).toBe(false);
  });

  it("is dead after the absolute lifetime, however recently it was used; using it never extends that", async () => {
    const sessionId = await signedIn();
    const before = await landlord().platformSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(before.expiresAt.getTime() - before.createdAt.getTime()).toBeCloseTo(12 * 3600_000, -4);
    await landlord().platformSession.update({
      where: { id: sessionId },
      data: { lastSeenAt: new Date(Date.now() - 5 * 60_000) },
    });
    expect(await opens()).toBe(true);
    const after = await landlord().platformSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(after.expiresAt).toEqual(before.expiresAt); // read: the idle end moved, the absolute one did not
    expect(after.lastSeenAt.getTime()).toBeGreaterThan(Date.now() - 5000);
    await landlord().platformSession.update({
      where: { id: sessionId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await opens()).toBe(false);
  });

  it("of another admin, or with no row at all, opens nothing", async () => {
    const other = await createTestAdmin("owner");
    const { sessionId } = await adminSessionOf(other);
    const { session } = await adminSessionOf(admin);
    boundary.session = { ...(session as object), sessionId };
    expect(await opens()).toBe(false);
    boundary.session = { ...(session as object), sessionId: undefined };
    expect(await opens()).toBe(false);
  });
});

it("revoking is idempotent and leaves other admins' sessions alone", async () => {
  const sessionId = await signedIn();
  const other = await createTestAdmin("viewer");
  const { session: theirs } = await adminSessionOf(other);
  await revokePlatformSession(sessionId);
  await revokePlatformSession(sessionId);
  boundary.session = theirs;
  expect(await opens()).toBe(true);
});
