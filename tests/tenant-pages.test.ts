// The tenant's pages and its Server Action against MariaDB: the forced
// password change, ending other sessions, the home page with the users table.
// Only the request boundary is mocked (next/headers, getServerSession).
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { changePasswordAction } from "@/app/[slug]/(signed-in)/change-password/actions";
import ChangePasswordPage from "@/app/[slug]/(signed-in)/change-password/page";
import TenantLayout from "@/app/[slug]/(signed-in)/layout";
import TenantHome from "@/app/[slug]/(signed-in)/page";
import TenantLoginPage from "@/app/[slug]/login/page";
import { tenantAction } from "@/lib/actions";
import { requireTenantSession } from "@/lib/auth/tenant";
import { landlord } from "@/lib/db/landlord";
import { tenantClient } from "@/lib/db/tenant-clients";
import { verifyPassword } from "@/lib/passwords";
import { userListParams } from "@/lib/tenant-auth/user-list-params";
import { listTenantUsers } from "@/lib/tenant-auth/users";
import { provisionTestTenant, uniqueSlug } from "./helpers/applications";
import {
  expectRedirect,
  INITIAL_PASSWORD,
  redirectOf,
  serialize,
  tenantSessionFor,
  withFixedInitialPassword,
} from "./helpers/tenant-auth";
import { boundary } from "./setup/request-boundary";

boundary.headers = new Headers({ "x-forwarded-for": "198.19.0.1", "user-agent": "vitest" });
withFixedInitialPassword();

const NEW_PASSWORD = "Chang3d-Passw0rd!";
const params = (slug: string) => ({ params: Promise.resolve({ slug }), searchParams: Promise.resolve({}) });

beforeEach(async () => {
  boundary.session = null;
  await landlord().rateLimitBucket.deleteMany();
});

async function freshTenant(name?: string) {
  const email = `${uniqueSlug("admin")}@example.org`;
  const { tenant } = await provisionTestTenant({ slug: uniqueSlug("pages"), email, name });
  return { tenant, email, db: tenantClient(tenant) };
}

describe("the forced password change", () => {
  it("sends a user with the initial password to change-password from every page, and lets nothing else through", async () => {
    const { tenant, email } = await freshTenant();
    const signedIn = await tenantSessionFor(tenant.slug, email, INITIAL_PASSWORD);
    boundary.session = signedIn.session;

    await expectRedirect(() => TenantHome(params(tenant.slug)), `/${tenant.slug}/change-password`);
    await expectRedirect(() => TenantLoginPage(params(tenant.slug)), `/${tenant.slug}`);
    const page = serialize(await ChangePasswordPage(params(tenant.slug)));
    expect(page).toContain("You signed in with the initial password");
    expect(serialize(await TenantLayout({ ...params(tenant.slug), children: null }))).toContain(email);

    // Any other tenant action refuses until the password is changed.
    const other = tenantAction(null, z.object({}), async () => "done");
    expect(await other(tenant.slug, {})).toMatchObject({ ok: false, code: "FORBIDDEN" });
    await expect(requireTenantSession(tenant.slug)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses the initial password, the current one, a weak one and a wrong current password (audited)", async () => {
    const { tenant, email, db } = await freshTenant();
    boundary.session = (await tenantSessionFor(tenant.slug, email, INITIAL_PASSWORD)).session;
    const change = (currentPassword: string, password: string) =>
      changePasswordAction(tenant.slug, { currentPassword, password, confirmPassword: password });

    const initial = await change(INITIAL_PASSWORD, INITIAL_PASSWORD);
    expect(initial.ok ? null : initial.fieldErrors?.password?.[0]).toMatch(/not the initial password/);
    const weak = await change(INITIAL_PASSWORD, "lowercase-only-1");
    expect(weak.ok ? null : weak.fieldErrors?.password).toEqual(["Add an upper-case letter."]);
    const wrong = await change("Not-the-current-1!", NEW_PASSWORD);
    expect(wrong.ok ? null : wrong.fieldErrors?.currentPassword).toEqual(["That is not your current password."]);
    const audited = await landlord().auditLog.findFirstOrThrow({ where: { action: "auth.password_change_failed" } });
    expect(audited).toMatchObject({ tenantId: tenant.id, actorLabel: email });
    expect(serialize(audited)).not.toContain("Not-the-current-1!");

    const user = await db.tenantUser.findUniqueOrThrow({ where: { email } });
    expect(user.mustChangePassword).toBe(true);
    expect(await verifyPassword(INITIAL_PASSWORD, user.passwordHash)).toBe(true);

    // The same-as-current rule, for a user who already chose a password.
    expect((await change(INITIAL_PASSWORD, NEW_PASSWORD)).ok).toBe(true);
    const same = await change(NEW_PASSWORD, NEW_PASSWORD);
    expect(same.ok ? null : same.fieldErrors?.password?.[0]).toMatch(/different from your current one/);
  });

  it("changing the password clears the flag, ends the user's other sessions and keeps this one", async () => {
    const { tenant, email, db } = await freshTenant();
    const other = await tenantSessionFor(tenant.slug, email, INITIAL_PASSWORD, "198.19.0.2");
    const mine = await tenantSessionFor(tenant.slug, email, INITIAL_PASSWORD, "198.19.0.3");
    boundary.session = mine.session;

    const result = await changePasswordAction(tenant.slug, {
      currentPassword: INITIAL_PASSWORD,
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(result).toEqual({ ok: true, data: { sessionsEnded: 1 } });
    const user = await db.tenantUser.findUniqueOrThrow({ where: { email } });
    expect(user.mustChangePassword).toBe(false);
    expect(await verifyPassword(NEW_PASSWORD, user.passwordHash)).toBe(true);
    expect(
      await landlord().auditLog.findFirst({ where: { tenantId: tenant.id, action: "auth.password_changed" } }),
    ).toMatchObject({
      context: expect.objectContaining({ wasForced: true, sessionsEnded: 1 }),
    });

    // This browser goes on to the home page...
    expect(serialize(await TenantHome(params(tenant.slug)))).toContain(tenant.name);
    // ...the other one is sent to sign in again, and its actions are refused.
    boundary.session = other.session;
    await expectRedirect(() => TenantHome(params(tenant.slug)), `/${tenant.slug}/login`);
    await expectRedirect(() => ChangePasswordPage(params(tenant.slug)), `/${tenant.slug}/login`);
    expect(await redirectOf(() => TenantLoginPage(params(tenant.slug)))).toBeNull();
    expect(
      await changePasswordAction(tenant.slug, {
        currentPassword: NEW_PASSWORD,
        password: "X-9yyyyyyy",
        confirmPassword: "X-9yyyyyyy",
      }),
    ).toMatchObject({ ok: false, code: "UNAUTHORIZED" });
  });

  it("a user made inactive, or a tenant suspended, loses its open sessions at the next request", async () => {
    const { tenant, email, db } = await freshTenant();
    boundary.session = (await tenantSessionFor(tenant.slug, email, INITIAL_PASSWORD)).session;
    await expect(requireTenantSession(tenant.slug, { allowPendingPasswordChange: true })).resolves.toBeTruthy();

    await db.tenantUser.update({ where: { email }, data: { status: "inactive" } });
    await expect(requireTenantSession(tenant.slug, { allowPendingPasswordChange: true })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    await db.tenantUser.update({ where: { email }, data: { status: "active" } });

    await landlord().tenant.update({ where: { id: tenant.id }, data: { status: "suspended" } });
    await expectRedirect(() => ChangePasswordPage(params(tenant.slug)), `/${tenant.slug}/login`);
    await landlord().tenant.update({ where: { id: tenant.id }, data: { status: "active" } });
    expect(await redirectOf(() => ChangePasswordPage(params(tenant.slug)))).toBeNull();
  });
});

describe("the tenant home", () => {
  it("shows the organization, the user's profile and the tenant's users from its own database", async () => {
    const { tenant, email, db } = await freshTenant("Home Org Verein");
    const numericId = tenant.numericId;
    for (const [first, last, status] of [
      ["Grace", "Hopper", "active"],
      ["Alan", "Turing", "pending"],
      ["Old", "Member", "inactive"],
    ] as const) {
      await db.tenantUser.create({
        data: {
          uuid: randomUUID(),
          firstName: first,
          lastName: last,
          email: `${first.toLowerCase()}@example.org`,
          passwordHash: "x",
          tenantId: numericId,
          status,
        },
      });
    }
    const signedIn = await tenantSessionFor(tenant.slug, email, INITIAL_PASSWORD);
    boundary.session = signedIn.session;
    await changePasswordAction(tenant.slug, {
      currentPassword: INITIAL_PASSWORD,
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });

    const home = serialize(await TenantHome(params(tenant.slug)));
    expect(home).toContain("Home Org Verein");
    expect(home).toContain("Administers the organization's election space"); // the profile's role
    for (const listed of [email, "grace@example.org", "alan@example.org", "old@example.org"])
      expect(home).toContain(listed);
    expect(home).not.toContain("passwordHash");

    // Search, sort and paging on the server, driven by the URL.
    const search = await listTenantUsers(db, numericId, userListParams.parse({ q: "hop" }));
    expect(search.rows.map((r) => r.email)).toEqual(["grace@example.org"]);
    const byEmailDesc = await listTenantUsers(db, numericId, userListParams.parse({ sort: "email", dir: "desc" }));
    expect(byEmailDesc.rows.map((r) => r.email)).toEqual([...byEmailDesc.rows.map((r) => r.email)].sort().reverse());
    const junk = userListParams.parse({ page: "-3", sort: "passwordHash", dir: "sideways", q: ["a", "b"] });
    expect(junk).toEqual({ page: 1, sort: "name", dir: "asc", q: "" });
    const beyond = await listTenantUsers(db, numericId, userListParams.parse({ page: "99" }));
    expect(beyond).toMatchObject({ page: 1, pageCount: 1, total: 4 });
    expect(search.rows[0]).toMatchObject({ name: "Grace Hopper", status: "active", roles: [] });
  });

  it("searches for LIKE's wildcards as plain characters", async () => {
    const { tenant, db } = await freshTenant();
    for (const [first, last] of [
      ["a_b", "Underscore"],
      ["axb", "Letter"],
      ["100%", "Percent"],
      ["back\\slash", "Backslash"],
    ] as const) {
      await db.tenantUser.create({
        data: {
          uuid: randomUUID(),
          firstName: first,
          lastName: last,
          email: `${last.toLowerCase()}@example.org`,
          passwordHash: "x",
          tenantId: tenant.numericId,
        },
      });
    }
    const search = async (q: string) =>
      (await listTenantUsers(db, tenant.numericId, userListParams.parse({ q }))).rows.map((r) => r.email);
    expect(await search("a_b")).toEqual(["underscore@example.org"]);
    expect(await search("%")).toEqual(["percent@example.org"]);
    expect(await search("_")).toEqual(["underscore@example.org"]);
    expect(await search("k\\s")).toEqual(["backslash@example.org"]);
    await db.tenantUser.delete({ where: { email: "percent@example.org" } });
    expect(await search("%")).toEqual([]);
  });

  it("hides the user list from a user whose role does not include seeing it", async () => {
    const { tenant, email, db } = await freshTenant();
    const voterRole = await db.role.findUniqueOrThrow({ where: { name: "voter" } });
    await db.tenantUser.create({
      data: {
        uuid: randomUUID(),
        firstName: "Val",
        lastName: "Voter",
        email: "voter@example.org",
        passwordHash: (await db.tenantUser.findUniqueOrThrow({ where: { email } })).passwordHash,
        tenantId: tenant.numericId,
        status: "active",
        roles: { create: { roleId: voterRole.id } },
      },
    });
    boundary.session = (await tenantSessionFor(tenant.slug, "voter@example.org", INITIAL_PASSWORD)).session;
    const home = serialize(await TenantHome(params(tenant.slug)));
    expect(home).toContain("voter@example.org");
    expect(home).toContain("does not include seeing the user list");
    expect(home).not.toContain(email);
  });
});
