// /setup-password/{token} against MariaDB: the token rules (valid, used,
// expired, unknown, two uses at once), the page and its Server Action.
// Only the request boundary is mocked (next/headers, getServerSession).
import { beforeAll, describe, expect, it } from "vitest";
import { setupPasswordAction } from "@/app/setup-password/[token]/actions";
import SetupPasswordPage from "@/app/setup-password/[token]/page";
import { landlord } from "@/lib/db/landlord";
import { tenantClient } from "@/lib/db/tenant-clients";
import type { TenantConnectionRef } from "@/lib/db/tenant-database";
import { verifyPassword } from "@/lib/passwords";
import { completePasswordSetup, loadSetupLink } from "@/lib/tenant-auth/setup-password";
import { consumeSetupToken, hashToken, issueSetupToken, lookupSetupToken } from "@/lib/tenant-auth/setup-tokens";
import { signInTenantUser } from "@/lib/tenant-auth/sign-in";
import { provisionTestTenant, uniqueSlug } from "./helpers/applications";
import {
  INITIAL_PASSWORD,
  serialize,
  tenantSessionFor,
  welcomeToken,
  withFixedInitialPassword,
} from "./helpers/tenant-auth";
import { boundary } from "./setup/request-boundary";

boundary.headers = new Headers({ "x-forwarded-for": "203.0.113.9", "user-agent": "vitest" });
withFixedInitialPassword();

const NEW_PASSWORD = "N3w-Passw0rd!";
const request = { ip: "203.0.113.9", userAgent: "vitest" };

async function adminOf(tenant: TenantConnectionRef, email: string) {
  return tenantClient(tenant).tenantUser.findUniqueOrThrow({ where: { email } });
}

async function tokenRow(token: string) {
  return landlord().passwordSetupToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
}

describe("setup token rules", () => {
  let tenantId: string;
  beforeAll(async () => {
    ({
      tenant: { id: tenantId },
    } = await provisionTestTenant({ slug: uniqueSlug("tok") }));
  });

  it("a fresh token is valid, and stays valid while only looked at", async () => {
    const { token } = await issueSetupToken(tenantId, "a@example.org");
    expect(await lookupSetupToken(token)).toMatchObject({ ok: true, tenantId, email: "a@example.org" });
    expect(await lookupSetupToken(token)).toMatchObject({ ok: true });
    expect((await tokenRow(token)).usedAt).toBeNull();
  });

  it("a used token is refused and cannot be used again", async () => {
    const { token } = await issueSetupToken(tenantId, "b@example.org");
    expect(await consumeSetupToken(token)).toBe(true);
    expect(await lookupSetupToken(token)).toEqual({ ok: false, problem: "used" });
    expect(await consumeSetupToken(token)).toBe(false);
  });

  it("an expired token is refused and is not marked used", async () => {
    const { token } = await issueSetupToken(tenantId, "c@example.org");
    await landlord().passwordSetupToken.update({
      where: { tokenHash: hashToken(token) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await lookupSetupToken(token)).toEqual({ ok: false, problem: "expired" });
    expect(await consumeSetupToken(token)).toBe(false);
    expect((await tokenRow(token)).usedAt).toBeNull();
  });

  it("an unknown token is refused, whatever its shape", async () => {
    for (const token of ["nope", "", "x".repeat(5000), "' OR 1=1 --"]) {
      expect(await lookupSetupToken(token)).toEqual({ ok: false, problem: "unknown" });
      expect(await consumeSetupToken(token)).toBe(false);
    }
  });

  it("of ten simultaneous uses of one token exactly one succeeds", async () => {
    const { token } = await issueSetupToken(tenantId, "d@example.org");
    const results = await Promise.all(Array.from({ length: 10 }, () => consumeSetupToken(token)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("issuing a new token withdraws the unused one", async () => {
    const first = await issueSetupToken(tenantId, "e@example.org");
    const second = await issueSetupToken(tenantId, "e@example.org");
    expect(await lookupSetupToken(first.token)).toEqual({ ok: false, problem: "unknown" });
    expect(await lookupSetupToken(second.token)).toMatchObject({ ok: true });
  });
});

describe("setting the password from the welcome email's link", () => {
  it("shows the organization and the email, sets the password, uses the token and ends older sessions", async () => {
    const email = `${uniqueSlug("ada")}@example.org`;
    const { tenant } = await provisionTestTenant({ slug: uniqueSlug("setup"), email, name: "Setup Org e.V." });
    const token = await welcomeToken(tenant.id);

    const page = serialize(await SetupPasswordPage({ params: Promise.resolve({ token }) }));
    expect(page).toContain("Setup Org e.V.");
    expect(page).toContain(email);
    expect(page).toContain("Choose your password");

    // Someone signed in with the initial password before: that session ends.
    const earlier = await tenantSessionFor(tenant.slug, email, INITIAL_PASSWORD);

    const result = await setupPasswordAction({ token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(result).toEqual({ ok: true, data: { slug: tenant.slug, email } });

    const admin = await adminOf(tenant, email);
    expect(admin.mustChangePassword).toBe(false);
    expect(await verifyPassword(NEW_PASSWORD, admin.passwordHash)).toBe(true);
    expect((await tokenRow(token)).usedAt).not.toBeNull();
    const earlierRow = await tenantClient(tenant).tenantSession.findUniqueOrThrow({ where: { id: earlier.sessionId } });
    expect(earlierRow.revokedAt).not.toBeNull();

    const audited = await landlord().auditLog.findFirstOrThrow({
      where: { tenantId: tenant.id, action: "auth.password_set" },
    });
    expect(audited).toMatchObject({ actorType: "tenant_user", actorLabel: email, ip: "203.0.113.9" });
    expect(serialize(audited.context)).not.toContain(NEW_PASSWORD);

    // The new password signs in; the initial one no longer does.
    expect((await signInTenantUser({ slug: tenant.slug, email, password: NEW_PASSWORD }, request)).ok).toBe(true);
    expect((await signInTenantUser({ slug: tenant.slug, email, password: INITIAL_PASSWORD }, request)).ok).toBe(false);

    // The same link again: a clear page, and the action changes nothing.
    const again = serialize(await SetupPasswordPage({ params: Promise.resolve({ token }) }));
    expect(again).toContain("This link cannot be used");
    expect(again).toContain("already been used");
    expect(again).not.toContain(email);
    const second = await setupPasswordAction({ token, password: "An0ther-one!", confirmPassword: "An0ther-one!" });
    expect(second).toMatchObject({ ok: false, code: "INVALID_STATE" });
    expect(await verifyPassword(NEW_PASSWORD, (await adminOf(tenant, email)).passwordHash)).toBe(true);
  });

  it("refuses a weak password, the initial password and a mismatch, and leaves the token usable", async () => {
    const email = `${uniqueSlug("bob")}@example.org`;
    const { tenant } = await provisionTestTenant({ slug: uniqueSlug("weak"), email });
    const token = await welcomeToken(tenant.id);

    const weak = await setupPasswordAction({ token, password: "password", confirmPassword: "password" });
    expect(weak).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect(weak.ok ? [] : weak.fieldErrors?.password).toContain("Add an upper-case letter.");

    const initial = await setupPasswordAction({ token, password: INITIAL_PASSWORD, confirmPassword: INITIAL_PASSWORD });
    expect(initial).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect(initial.ok ? [] : initial.fieldErrors?.password?.[0]).toMatch(/not the initial password/);

    const mismatch = await setupPasswordAction({ token, password: NEW_PASSWORD, confirmPassword: `${NEW_PASSWORD}x` });
    expect(mismatch.ok ? [] : mismatch.fieldErrors?.confirmPassword).toEqual(["The two passwords differ."]);

    expect((await tokenRow(token)).usedAt).toBeNull();
    const admin = await adminOf(tenant, email);
    expect(admin.mustChangePassword).toBe(true);
    expect(await verifyPassword(INITIAL_PASSWORD, admin.passwordHash)).toBe(true);
  });

  it("two tabs submitting one link at once: exactly one sets its password", async () => {
    const email = `${uniqueSlug("tabs")}@example.org`;
    const { tenant } = await provisionTestTenant({ slug: uniqueSlug("tabs"), email });
    const token = await welcomeToken(tenant.id);
    const passwords = ["Tab-One-111!", "Tab-Two-222!"];
    const results = await Promise.allSettled(passwords.map((p) => completePasswordSetup(token, p, request)));
    const won = results.findIndex((r) => r.status === "fulfilled");
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected");
    expect(lost).toMatchObject({ reason: { code: "INVALID_STATE" } });
    const admin = await adminOf(tenant, email);
    expect(await verifyPassword(passwords[won] as string, admin.passwordHash)).toBe(true);
    expect(await landlord().auditLog.count({ where: { tenantId: tenant.id, action: "auth.password_set" } })).toBe(1);
  });

  it("expired and unknown links get a clear page and change nothing", async () => {
    const email = `${uniqueSlug("exp")}@example.org`;
    const { tenant } = await provisionTestTenant({ slug: uniqueSlug("exp"), email });
    const token = await welcomeToken(tenant.id);
    await landlord().passwordSetupToken.update({
      where: { tokenHash: hashToken(token) },
      data: { expiresAt: new Date(Date.now() - 60_000) },
    });
    const expired = serialize(await SetupPasswordPage({ params: Promise.resolve({ token }) }));
    expect(expired).toContain("This link has expired");
    expect(expired).not.toContain(email);
    expect(await setupPasswordAction({ token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).toMatchObject({
      ok: false,
      code: "INVALID_STATE",
      error: expect.stringContaining("expired"),
    });

    const unknown = serialize(await SetupPasswordPage({ params: Promise.resolve({ token: "not-a-real-token" }) }));
    expect(unknown).toContain("This link is not valid");

    const admin = await adminOf(tenant, email);
    expect(admin.mustChangePassword).toBe(true);
    expect(await verifyPassword(INITIAL_PASSWORD, admin.passwordHash)).toBe(true);
    expect((await tokenRow(token)).usedAt).toBeNull();
  });

  it("a suspended tenant's link cannot be used, and works again once the tenant is active", async () => {
    const email = `${uniqueSlug("sus")}@example.org`;
    const { tenant } = await provisionTestTenant({ slug: uniqueSlug("sus"), email });
    const token = await welcomeToken(tenant.id);
    await landlord().tenant.update({ where: { id: tenant.id }, data: { status: "suspended" } });
    expect(await loadSetupLink(token)).toEqual({ ok: false, problem: "unavailable" });
    expect(await setupPasswordAction({ token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).toMatchObject({
      ok: false,
      code: "INVALID_STATE",
    });
    expect((await tokenRow(token)).usedAt).toBeNull();
    await landlord().tenant.update({ where: { id: tenant.id }, data: { status: "active" } });
    expect(await loadSetupLink(token)).toMatchObject({ ok: true, email });
  });

  it("a password changed another way withdraws the link", async () => {
    const email = `${uniqueSlug("wd")}@example.org`;
    const { tenant } = await provisionTestTenant({ slug: uniqueSlug("wd"), email });
    const token = await welcomeToken(tenant.id);
    const { changePassword } = await import("@/lib/tenant-auth/change-password");
    const signedIn = await tenantSessionFor(tenant.slug, email, INITIAL_PASSWORD);
    const db = tenantClient(tenant);
    const user = await db.tenantUser.findUniqueOrThrow({ where: { email }, omit: { passwordHash: true } });
    await changePassword(
      { tenant: signedIn.tenant, user, sessionId: signedIn.sessionId, db },
      { currentPassword: INITIAL_PASSWORD, password: NEW_PASSWORD },
      { type: "tenant_user", ip: "203.0.113.9" },
    );
    expect(await lookupSetupToken(token)).toEqual({ ok: false, problem: "unknown" });
  });
});
