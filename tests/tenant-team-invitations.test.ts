// Invitation links to a tenant's space against MariaDB: one-time (hashed at
// rest, single use, expiring), resent (the old link dies) or withdrawn, looked
// up in the slug's own tenant database only, and joining with one: the
// password policy, the invited role, an active user who can sign in.
import { beforeEach, describe, expect, it } from "vitest";
import {
  inviteUserAction,
  resendInvitationAction,
  withdrawInvitationAction,
} from "@/app/[slug]/(signed-in)/users/actions";
import UsersPage from "@/app/[slug]/(signed-in)/users/page";
import { joinAction } from "@/app/[slug]/join/[token]/actions";
import JoinPage from "@/app/[slug]/join/[token]/page";
import { landlord } from "@/lib/db/landlord";
import { endMaintenance, startMaintenance } from "@/lib/operations/tenant-maintenance";
import { isSecretAddress, referrerPolicy } from "@/lib/security-headers";
import { lookupInvitation } from "@/lib/tenant-auth/invitation-lookup";
import { joinWithInvitation } from "@/lib/tenant-auth/join";
import { hashToken } from "@/lib/tenant-auth/setup-tokens";
import { signInTenantUser } from "@/lib/tenant-auth/sign-in";
import { TEST_ADMIN } from "./helpers/applications";
import { serialize } from "./helpers/tenant-auth";
import { addMember, BROWSER, invitationToken, TEAM_PASSWORD, teamTenant } from "./helpers/tenant-team";
import { boundary } from "./setup/request-boundary";

boundary.headers = new Headers({ "x-forwarded-for": BROWSER.ip, "user-agent": BROWSER.userAgent });

const CHOSEN = "Joined-Passw0rd!";
const joinPage = async (slug: string, token: string) =>
  serialize(await JoinPage({ params: Promise.resolve({ slug, token }) }));
const join = (slug: string, token: string, password = CHOSEN) =>
  joinAction({ slug, token, password, confirmPassword: password });

beforeEach(async () => {
  boundary.session = null;
  await landlord().rateLimitBucket.deleteMany();
});

async function invite(slug: string, email: string, role: "tenant_admin" | "committee_member" | "voter" = "voter") {
  return inviteUserAction(slug, { email, firstName: "Ina", lastName: "Invited", role });
}

describe("an invitation", () => {
  it("sends a one-time link, hashed at rest; joining sets the password and makes an active user of the invited role", async () => {
    const { tenant, db, admin } = await teamTenant("invite", "Invite Org Verein");
    boundary.session = admin.session;
    expect(await invite(tenant.slug, " Ina@Example.org ", "committee_member")).toEqual({
      ok: true,
      data: { email: "ina@example.org", delivery: "stored" },
    });
    const token = await invitationToken(tenant, "ina@example.org");
    const row = await db.tenantUserInvitation.findFirstOrThrow({ where: { email: "ina@example.org" } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(serialize(row)).not.toContain(token);
    const hours = (row.expiresAt.getTime() - row.createdAt.getTime()) / 3600_000;
    expect(Math.round(hours)).toBe(72);
    // Listed as open for the admin.
    expect(
      serialize(await UsersPage({ params: Promise.resolve({ slug: tenant.slug }), searchParams: Promise.resolve({}) })),
    ).toContain("ina@example.org");

    // The page, for anyone holding the link: who, where, as what. Its address is kept out of referrers and caches.
    boundary.session = null;
    const page = await joinPage(tenant.slug, token);
    expect(page).toContain("Invite Org Verein");
    expect(page).toContain("ina@example.org");
    expect(page).toContain("committee member");
    expect(isSecretAddress(`/${tenant.slug}/join/${token}`)).toBe(true);
    expect(referrerPolicy(`/${tenant.slug}/join/${token}`)).toBe("no-referrer");

    // The policy first; a refused password leaves the link working.
    const weak = await join(tenant.slug, token, "weakpassword");
    expect(weak).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect(await lookupInvitation(db, token)).toMatchObject({ ok: true });

    expect(await join(tenant.slug, token)).toEqual({ ok: true, data: { slug: tenant.slug, email: "ina@example.org" } });
    const user = await db.tenantUser.findUniqueOrThrow({
      where: { email: "ina@example.org" },
      include: { roles: { include: { role: true } } },
    });
    expect(user).toMatchObject({ status: "active", firstName: "Ina", lastName: "Invited", tenantId: tenant.numericId });
    expect(user.roles.map((r) => r.role.name)).toEqual(["committee_member"]);
    expect(
      (await signInTenantUser({ slug: tenant.slug, email: "ina@example.org", password: CHOSEN }, BROWSER)).ok,
    ).toBe(true);

    // Used: the link says so and changes nothing.
    expect(await lookupInvitation(db, token)).toEqual({ ok: false, problem: "used" });
    expect(await joinPage(tenant.slug, token)).toContain("This invitation was used already");
    expect(await join(tenant.slug, token, "Another-Passw0rd!")).toMatchObject({ ok: false, code: "INVALID_STATE" });
    expect(await db.tenantUser.count({ where: { email: "ina@example.org" } })).toBe(1);
  });

  it("expires", async () => {
    const { tenant, db, admin } = await teamTenant();
    boundary.session = admin.session;
    await invite(tenant.slug, "late@example.org");
    const token = await invitationToken(tenant, "late@example.org");
    await db.tenantUserInvitation.updateMany({
      where: { email: "late@example.org" },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });

    expect(await joinPage(tenant.slug, token)).toContain("This invitation has expired");
    expect(await join(tenant.slug, token)).toMatchObject({
      ok: false,
      code: "INVALID_STATE",
      error: expect.stringMatching(/expired/),
    });
    expect(await db.tenantUser.count({ where: { email: "late@example.org" } })).toBe(0);
  });

  it("resent: a new link works and the old one is dead; an expired invitation can be resent too", async () => {
    const { tenant, db, admin } = await teamTenant();
    boundary.session = admin.session;
    await invite(tenant.slug, "again@example.org");
    const first = await invitationToken(tenant, "again@example.org");
    const open = await db.tenantUserInvitation.findFirstOrThrow({ where: { email: "again@example.org" } });
    await db.tenantUserInvitation.update({ where: { id: open.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    expect(await resendInvitationAction(tenant.slug, { invitationId: open.uuid })).toEqual({
      ok: true,
      data: { email: "again@example.org" },
    });
    const second = await invitationToken(tenant, "again@example.org");
    expect(second).not.toBe(first);
    expect(await lookupInvitation(db, first)).toEqual({ ok: false, problem: "withdrawn" });
    expect(await joinPage(tenant.slug, first)).toContain("withdrawn or replaced by a newer one");
    expect(await join(tenant.slug, first)).toMatchObject({ ok: false, code: "INVALID_STATE" });
    // The old invitation cannot be resent again.
    expect(await resendInvitationAction(tenant.slug, { invitationId: open.uuid })).toMatchObject({
      ok: false,
      code: "INVALID_STATE",
    });

    boundary.session = null;
    expect(await join(tenant.slug, second)).toMatchObject({ ok: true });
    expect(
      await landlord().auditLog.findFirst({ where: { tenantId: tenant.id, action: "tenant_user.invitation_resent" } }),
    ).toMatchObject({ actorId: admin.uuid, ip: BROWSER.ip, context: expect.objectContaining({ replaces: open.uuid }) });
  });

  it("withdrawn: the link stops working", async () => {
    const { tenant, db, admin } = await teamTenant();
    boundary.session = admin.session;
    await invite(tenant.slug, "never@example.org");
    const token = await invitationToken(tenant, "never@example.org");
    const open = await db.tenantUserInvitation.findFirstOrThrow({ where: { email: "never@example.org" } });

    expect(await withdrawInvitationAction(tenant.slug, { invitationId: open.uuid })).toEqual({
      ok: true,
      data: { withdrawn: true },
    });
    expect(await withdrawInvitationAction(tenant.slug, { invitationId: open.uuid })).toMatchObject({
      ok: false,
      code: "INVALID_STATE",
    });
    boundary.session = null;
    expect(await joinPage(tenant.slug, token)).toContain("This invitation cannot be used");
    expect(await join(tenant.slug, token)).toMatchObject({ ok: false, code: "INVALID_STATE" });
    expect(await db.tenantUser.count({ where: { email: "never@example.org" } })).toBe(0);
  });

  it("a new invitation to the same address withdraws the earlier link", async () => {
    const { tenant, admin } = await teamTenant();
    boundary.session = admin.session;
    await invite(tenant.slug, "twice@example.org");
    const first = await invitationToken(tenant, "twice@example.org");
    await invite(tenant.slug, "twice@example.org", "tenant_admin");
    const second = await invitationToken(tenant, "twice@example.org");
    boundary.session = null;
    expect(await join(tenant.slug, first)).toMatchObject({ ok: false, code: "INVALID_STATE" });
    expect(await join(tenant.slug, second)).toMatchObject({ ok: true });
  });

  it("another tenant's link under this slug is unknown, and works under its own", async () => {
    const one = await teamTenant("one");
    const two = await teamTenant("two");
    boundary.session = two.admin.session;
    await invite(two.tenant.slug, "crossing@example.org");
    const token = await invitationToken(two.tenant, "crossing@example.org");

    boundary.session = null;
    expect(await joinPage(one.tenant.slug, token)).toContain("This invitation link is not valid");
    expect(await join(one.tenant.slug, token)).toMatchObject({ ok: false, code: "INVALID_STATE" });
    expect(await one.db.tenantUser.count({ where: { email: "crossing@example.org" } })).toBe(0);
    // An unknown slug says no more than an unknown token.
    expect(await join("no-such-org-here", token)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not valid/),
    });

    expect(await join(two.tenant.slug, token)).toMatchObject({ ok: true });
  });

  it("is refused, with a clear message, for an address that is already a user", async () => {
    const { tenant, admin } = await teamTenant();
    const member = await addMember(tenant, admin, "voter");
    boundary.session = admin.session;
    for (const email of [admin.email, member.email.toUpperCase()]) {
      const refused = await invite(tenant.slug, email);
      expect(refused).toMatchObject({ ok: false, code: "CONFLICT" });
      expect(refused.ok ? null : refused.fieldErrors?.email?.[0]).toBe(
        `${email.toLowerCase()} is already a user of ${tenant.name}: change their role or reactivate them instead.`,
      );
    }
  });

  it("waits while the space is in maintenance, and works afterwards", async () => {
    const { tenant, db, admin } = await teamTenant();
    boundary.session = admin.session;
    await invite(tenant.slug, "patient@example.org");
    const token = await invitationToken(tenant, "patient@example.org");
    boundary.session = null;
    await startMaintenance(tenant.slug, { message: "Back soon", reason: "Upgrade" }, TEST_ADMIN);
    try {
      expect(await join(tenant.slug, token)).toMatchObject({ ok: false, code: "UNAVAILABLE" });
      expect(await db.tenantUser.count({ where: { email: "patient@example.org" } })).toBe(0);
    } finally {
      await endMaintenance(tenant.slug, { reason: "done" }, TEST_ADMIN);
    }
    expect(await join(tenant.slug, token)).toMatchObject({ ok: true });
  });

  it("two tabs joining with one link at once make one user", async () => {
    const { tenant, db, admin } = await teamTenant();
    boundary.session = admin.session;
    await invite(tenant.slug, "tabs@example.org");
    const token = await invitationToken(tenant, "tabs@example.org");
    const results = await Promise.allSettled([
      joinWithInvitation(tenant.slug, token, CHOSEN, BROWSER),
      joinWithInvitation(tenant.slug, token, TEAM_PASSWORD, BROWSER),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.tenantUser.count({ where: { email: "tabs@example.org" } })).toBe(1);
  });
});
