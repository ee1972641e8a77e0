// A tenant's team against MariaDB: the one permission module (grants read from
// the tenant's own database), each role against each page, changing roles,
// deactivating (sessions end at once), the last active admin (never
// deactivated or demoted, whoever asks, however the requests race) and the
// audit entries every change leaves on the landlord's log. Only the request
// boundary is mocked (next/headers, getServerSession).
import { beforeEach, describe, expect, it } from "vitest";
import CommitteePage from "@/app/[slug]/(signed-in)/committee/page";
import ForbiddenPage from "@/app/[slug]/(signed-in)/forbidden/page";
import TenantLayout from "@/app/[slug]/(signed-in)/layout";
import TenantHome from "@/app/[slug]/(signed-in)/page";
import { signOutEverywhereElseAction, updateProfileAction } from "@/app/[slug]/(signed-in)/profile/actions";
import ProfilePage from "@/app/[slug]/(signed-in)/profile/page";
import { changeUserRoleAction, setUserStatusAction } from "@/app/[slug]/(signed-in)/users/actions";
import UsersPage from "@/app/[slug]/(signed-in)/users/page";
import { requireTenantSession } from "@/lib/auth/tenant";
import { landlord } from "@/lib/db/landlord";
import { hasPermission, permissionsOf } from "@/lib/tenant-auth/permissions";
import { signInTenantUser } from "@/lib/tenant-auth/sign-in";
import { changeUserRole, setUserStatus } from "@/lib/tenant-auth/team";
import { expectRedirect, serialize } from "./helpers/tenant-auth";
import { addMember, BROWSER, signInAgain, TEAM_PASSWORD, teamOf, teamTenant } from "./helpers/tenant-team";
import { boundary } from "./setup/request-boundary";

boundary.headers = new Headers({ "x-forwarded-for": BROWSER.ip, "user-agent": BROWSER.userAgent });

const props = (slug: string, searchParams: Record<string, string> = {}) => ({
  params: Promise.resolve({ slug }),
  searchParams: Promise.resolve(searchParams),
});

beforeEach(async () => {
  boundary.session = null;
  await landlord().rateLimitBucket.deleteMany();
});

/** The active admins' emails, from the tenant's database. */
async function activeAdmins(db: Awaited<ReturnType<typeof teamTenant>>["db"]): Promise<string[]> {
  const rows = await db.tenantUser.findMany({
    where: { status: "active", roles: { some: { role: { name: "tenant_admin" } } } },
    select: { email: true },
    orderBy: { email: "asc" },
  });
  return rows.map((r) => r.email);
}

describe("the permission module", () => {
  it("reads each role's grants from the tenant's own database", async () => {
    const { tenant, db, admin } = await teamTenant();
    const member = await addMember(tenant, admin, "committee_member");
    const voter = await addMember(tenant, admin, "voter");
    const idOf = async (email: string) => (await db.tenantUser.findUniqueOrThrow({ where: { email } })).id;

    expect([...(await permissionsOf(db, await idOf(admin.email)))].sort()).toEqual([
      "committee.manage",
      "elections.manage",
      "registrations.review",
      "tenant.manage",
      "users.manage",
      "users.view",
    ]);
    expect([...(await permissionsOf(db, await idOf(member.email)))].sort()).toEqual([
      "registrations.review",
      "users.view",
    ]);
    expect((await permissionsOf(db, await idOf(voter.email))).size).toBe(0);

    // A grant added in this tenant's database counts at once (and in this tenant only).
    const role = await db.role.findUniqueOrThrow({ where: { name: "voter" } });
    const view = await db.permission.findUniqueOrThrow({ where: { name: "users.view" } });
    await db.rolePermission.create({ data: { roleId: role.id, permissionId: view.id } });
    expect(await hasPermission(db, await idOf(voter.email), "users.view")).toBe(true);
    await db.rolePermission.delete({ where: { roleId_permissionId: { roleId: role.id, permissionId: view.id } } });
    expect(await hasPermission(db, await idOf(voter.email), "users.view")).toBe(false);
  });
});

describe("each role against each page", () => {
  it("opens what the role grants, is sent to the forbidden page from the rest, and sees only its own controls", async () => {
    const { tenant, admin } = await teamTenant("pages", "Pages Org Verein");
    const member = await addMember(tenant, admin, "committee_member");
    const voter = await addMember(tenant, admin, "voter");
    const slug = tenant.slug;

    // The admin: every page, with the controls to change things.
    boundary.session = admin.session;
    const users = serialize(await UsersPage(props(slug)));
    expect(users).toContain(member.email);
    expect(users).toContain('"manage":true');
    expect(users).toContain("Invite someone");
    const committee = serialize(await CommitteePage(props(slug)));
    expect(committee).toContain("Add a committee member");
    const adminNav = serialize(await TenantLayout({ params: Promise.resolve({ slug }), children: null }));
    for (const link of [`/${slug}/users`, `/${slug}/committee`, `/${slug}/profile`]) expect(adminNav).toContain(link);

    // A committee member sees the users and the committee, and changes neither.
    boundary.session = member.session;
    const seen = serialize(await UsersPage(props(slug)));
    expect(seen).toContain(voter.email);
    expect(seen).toContain('"manage":false');
    expect(seen).not.toContain("Invite someone");
    expect(seen).not.toContain("Open invitations");
    expect(serialize(await CommitteePage(props(slug)))).not.toContain("Add a committee member");

    // A voter opens neither, and the navigation does not offer them.
    boundary.session = voter.session;
    await expectRedirect(() => UsersPage(props(slug)), `/${slug}/forbidden?need=users.view`);
    await expectRedirect(() => CommitteePage(props(slug)), `/${slug}/forbidden?need=users.view`);
    const voterNav = serialize(await TenantLayout({ params: Promise.resolve({ slug }), children: null }));
    expect(voterNav).toContain(`/${slug}/profile`);
    expect(voterNav).not.toContain(`/${slug}/users`);
    expect(voterNav).not.toContain(`/${slug}/committee`);
    expect(serialize(await ForbiddenPage(props(slug, { need: "users.view" })))).toContain(
      "it takes the right to see the organization's users",
    );
    // The home page shows the voter their profile, and no one else.
    const home = serialize(await TenantHome(props(slug)));
    expect(home).toContain(voter.email);
    expect(home).not.toContain(member.email);

    // Everyone has a profile: name, email, sessions.
    for (const who of [admin, member, voter]) {
      boundary.session = who.session;
      const profile = serialize(await ProfilePage(props(slug)));
      expect(profile).toContain(who.email);
      expect(profile).toContain(who.sessionId);
      expect(profile).toContain(`/${slug}/change-password`);
    }
  });

  it("refuses a committee member and a voter every users.manage action, FORBIDDEN, changing nothing", async () => {
    const { tenant, db, admin } = await teamTenant();
    const member = await addMember(tenant, admin, "committee_member");
    const voter = await addMember(tenant, admin, "voter");
    const audits = await landlord().auditLog.count({ where: { tenantId: tenant.id } });
    for (const who of [member, voter]) {
      boundary.session = who.session;
      expect(await changeUserRoleAction(tenant.slug, { userId: who.uuid, role: "tenant_admin" })).toMatchObject({
        ok: false,
        code: "FORBIDDEN",
        error: "Your role cannot do this: it takes the right to invite and manage users.",
      });
      expect(await setUserStatusAction(tenant.slug, { userId: admin.uuid, status: "inactive" })).toMatchObject({
        ok: false,
        code: "FORBIDDEN",
      });
    }
    expect(await activeAdmins(db)).toEqual([admin.email]);
    expect(await landlord().auditLog.count({ where: { tenantId: tenant.id } })).toBe(audits);
  });
});

describe("roles and deactivation", () => {
  it("an admin changes a user's role; the new grants count at their next request", async () => {
    const { tenant, admin } = await teamTenant();
    const voter = await addMember(tenant, admin, "voter");
    boundary.session = voter.session;
    await expectRedirect(() => UsersPage(props(tenant.slug)), `/${tenant.slug}/forbidden?need=users.view`);

    boundary.session = admin.session;
    expect(await changeUserRoleAction(tenant.slug, { userId: voter.uuid, role: "committee_member" })).toEqual({
      ok: true,
      data: { changed: true },
    });
    boundary.session = voter.session;
    expect(serialize(await UsersPage(props(tenant.slug)))).toContain(admin.email);
  });

  it("deactivating a user ends every session of theirs at once; reactivating lets them sign in again", async () => {
    const { tenant, db, admin } = await teamTenant();
    const member = await addMember(tenant, admin, "committee_member", undefined, "192.0.2.31");
    const elsewhere = await signInAgain(tenant, member, "192.0.2.32");
    boundary.session = member.session;
    await expect(requireTenantSession(tenant.slug)).resolves.toBeTruthy();

    boundary.session = admin.session;
    expect(await setUserStatusAction(tenant.slug, { userId: member.uuid, status: "inactive" })).toEqual({
      ok: true,
      data: { changed: true, sessionsEnded: 2 },
    });
    const user = await db.tenantUser.findUniqueOrThrow({ where: { email: member.email } });
    expect(user.status).toBe("inactive");
    expect(await db.tenantSession.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    for (const session of [member.session, elsewhere.session]) {
      boundary.session = session;
      await expect(requireTenantSession(tenant.slug)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
      await expectRedirect(() => ProfilePage(props(tenant.slug)), `/${tenant.slug}/login`);
    }
    expect(
      (await signInTenantUser({ slug: tenant.slug, email: member.email, password: TEAM_PASSWORD }, BROWSER)).ok,
    ).toBe(false);

    boundary.session = admin.session;
    expect(await setUserStatusAction(tenant.slug, { userId: member.uuid, status: "active" })).toMatchObject({
      ok: true,
    });
    // The old sessions stay ended; a new sign-in works (once the refused attempt's throttle is cleared).
    await landlord().rateLimitBucket.deleteMany();
    boundary.session = member.session;
    await expect(requireTenantSession(tenant.slug)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(
      (await signInTenantUser({ slug: tenant.slug, email: member.email, password: TEAM_PASSWORD }, BROWSER)).ok,
    ).toBe(true);
  });
});

describe("the last active admin", () => {
  it("cannot be deactivated or demoted, by themselves or anyone else", async () => {
    const { tenant, db, admin } = await teamTenant();
    const member = await addMember(tenant, admin, "committee_member");
    boundary.session = admin.session;
    for (const attempt of [
      () => setUserStatusAction(tenant.slug, { userId: admin.uuid, status: "inactive" }),
      () => changeUserRoleAction(tenant.slug, { userId: admin.uuid, role: "voter" }),
    ]) {
      expect(await attempt()).toMatchObject({
        ok: false,
        code: "INVALID_STATE",
        error: `${admin.email} is the last active admin of ${tenant.name}: make someone else an admin first.`,
      });
    }

    // Anyone else: a role given users.manage in this tenant's database is refused the same way.
    const role = await db.role.findUniqueOrThrow({ where: { name: "committee_member" } });
    const manage = await db.permission.findUniqueOrThrow({ where: { name: "users.manage" } });
    await db.rolePermission.create({ data: { roleId: role.id, permissionId: manage.id } });
    boundary.session = member.session;
    expect(await setUserStatusAction(tenant.slug, { userId: admin.uuid, status: "inactive" })).toMatchObject({
      code: "INVALID_STATE",
    });
    expect(await changeUserRoleAction(tenant.slug, { userId: admin.uuid, role: "voter" })).toMatchObject({
      code: "INVALID_STATE",
    });
    await db.rolePermission.delete({ where: { roleId_permissionId: { roleId: role.id, permissionId: manage.id } } });
    expect(await activeAdmins(db)).toEqual([admin.email]);

    // An inactive admin does not count: with the other admin deactivated, this one is still the last.
    const second = await addMember(tenant, admin, "tenant_admin");
    boundary.session = admin.session;
    expect(await setUserStatusAction(tenant.slug, { userId: second.uuid, status: "inactive" })).toMatchObject({
      ok: true,
    });
    expect(await changeUserRoleAction(tenant.slug, { userId: admin.uuid, role: "voter" })).toMatchObject({
      code: "INVALID_STATE",
    });
    // Once another admin is active again, the first may step down (and loses users.manage with it).
    expect(await setUserStatusAction(tenant.slug, { userId: second.uuid, status: "active" })).toMatchObject({
      ok: true,
    });
    expect(await changeUserRoleAction(tenant.slug, { userId: admin.uuid, role: "voter" })).toMatchObject({ ok: true });
    expect(await activeAdmins(db)).toEqual([second.email]);
    expect(await setUserStatusAction(tenant.slug, { userId: second.uuid, status: "inactive" })).toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("of two admins demoting or deactivating each other at once, exactly one wins", async () => {
    const { tenant, db, admin } = await teamTenant();
    const rounds: ["demote" | "deactivate" | "mixed", number][] = [
      ["demote", 0],
      ["deactivate", 1],
      ["mixed", 2],
      ["demote", 3],
    ];
    let first = admin;
    for (const [kind] of rounds) {
      const second = await addMember(tenant, first, "tenant_admin");
      expect(await activeAdmins(db)).toEqual([first.email, second.email].sort());
      const [teamA, teamB] = [await teamOf(tenant, first.email), await teamOf(tenant, second.email)];
      const act = (team: typeof teamA, actor: typeof first.actor, target: string, deactivate: boolean) =>
        deactivate ? setUserStatus(team, target, "inactive", actor) : changeUserRole(team, target, "voter", actor);
      const results = await Promise.allSettled([
        act(teamA, first.actor, second.uuid, kind === "deactivate" || kind === "mixed"),
        act(teamB, second.actor, first.uuid, kind === "deactivate"),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: "INVALID_STATE", details: { lastAdmin: true } });
      const left = await activeAdmins(db);
      expect(left).toHaveLength(1);
      first = left[0] === first.email ? first : second;
    }
  });
});

describe("profile", () => {
  it("changes the user's name and signs out their other sessions, each audited with the tenant, actor and address", async () => {
    const { tenant, db, admin } = await teamTenant();
    const voter = await addMember(tenant, admin, "voter", undefined, "192.0.2.41");
    const other = await signInAgain(tenant, voter, "192.0.2.42");
    boundary.session = voter.session;
    expect(await updateProfileAction(tenant.slug, { firstName: " Vera ", lastName: "Voter" })).toMatchObject({
      ok: true,
    });
    expect(await db.tenantUser.findUniqueOrThrow({ where: { email: voter.email } })).toMatchObject({
      firstName: "Vera",
      lastName: "Voter",
    });
    const profile = serialize(await ProfilePage(props(tenant.slug)));
    expect(profile).toContain(other.sessionId);
    expect(profile).toContain("192.0.2.42");

    expect(await signOutEverywhereElseAction(tenant.slug, {})).toEqual({ ok: true, data: { ended: 1 } });
    await expect(requireTenantSession(tenant.slug)).resolves.toBeTruthy();
    boundary.session = other.session;
    await expect(requireTenantSession(tenant.slug)).rejects.toMatchObject({ code: "UNAUTHORIZED" });

    const entries = await landlord().auditLog.findMany({
      where: { tenantId: tenant.id, action: { in: ["tenant_user.profile_updated", "auth.signed_out_elsewhere"] } },
      orderBy: { id: "asc" },
    });
    expect(entries.map((e) => e.action)).toEqual(["tenant_user.profile_updated", "auth.signed_out_elsewhere"]);
    for (const entry of entries) {
      expect(entry).toMatchObject({
        tenantId: tenant.id,
        actorType: "tenant_user",
        actorId: voter.uuid,
        actorLabel: voter.email,
        ip: BROWSER.ip,
        userAgent: BROWSER.userAgent,
      });
    }
  });
});

describe("the audit log", () => {
  it("records every change to the team with the tenant, the acting user and their address", async () => {
    const { tenant, admin } = await teamTenant();
    const member = await addMember(tenant, admin, "committee_member");
    boundary.session = admin.session;
    await changeUserRoleAction(tenant.slug, { userId: member.uuid, role: "voter" });
    await setUserStatusAction(tenant.slug, { userId: member.uuid, status: "inactive" });
    await setUserStatusAction(tenant.slug, { userId: member.uuid, status: "active" });

    const byAdmin = await landlord().auditLog.findMany({
      where: { tenantId: tenant.id, actorId: admin.uuid, action: { startsWith: "tenant_user." } },
      orderBy: { id: "asc" },
    });
    expect(byAdmin.map((e) => e.action)).toEqual([
      "tenant_user.invited",
      "tenant_user.role_changed",
      "tenant_user.deactivated",
      "tenant_user.reactivated",
    ]);
    for (const entry of byAdmin) {
      expect(entry).toMatchObject({ actorType: "tenant_user", actorLabel: admin.email, ip: BROWSER.ip });
      expect(entry.context).toMatchObject({ slug: tenant.slug, email: member.email });
    }
    expect(byAdmin[1]?.context).toMatchObject({ from: ["committee_member"], to: "voter" });
    // The member's own joining is theirs, from where they joined.
    expect(
      await landlord().auditLog.findFirst({ where: { tenantId: tenant.id, action: "tenant_user.joined" } }),
    ).toMatchObject({ actorId: member.uuid, actorLabel: member.email, ip: BROWSER.ip });
  });
});
