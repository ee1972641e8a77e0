// The election committee against MariaDB: added, edited and removed (a soft
// delete) by those with committee.manage, seen by those with users.view,
// linked to a user account when one with the email exists or joins later, and
// every change audited with the tenant, the acting user and the address.
import { beforeEach, describe, expect, it } from "vitest";
import {
  addCommitteeMemberAction,
  removeCommitteeMemberAction,
  updateCommitteeMemberAction,
} from "@/app/[slug]/(signed-in)/committee/actions";
import CommitteePage from "@/app/[slug]/(signed-in)/committee/page";
import { landlord } from "@/lib/db/landlord";
import { listCommittee } from "@/lib/tenant-auth/committee";
import { expectRedirect, serialize } from "./helpers/tenant-auth";
import { addMember, BROWSER, teamTenant } from "./helpers/tenant-team";
import { boundary } from "./setup/request-boundary";

boundary.headers = new Headers({ "x-forwarded-for": BROWSER.ip, "user-agent": BROWSER.userAgent });

const props = (slug: string) => ({ params: Promise.resolve({ slug }) });
const chair = { firstName: "Clara", lastName: "Chair", email: "Clara@Example.org", committeeRole: "chair" as const };

beforeEach(async () => {
  boundary.session = null;
  await landlord().rateLimitBucket.deleteMany();
});

describe("the committee", () => {
  it("is added to, edited and removed from (soft), and a removed member can be added back", async () => {
    const { tenant, db, admin } = await teamTenant();
    boundary.session = admin.session;
    const added = await addCommitteeMemberAction(tenant.slug, chair);
    expect(added).toMatchObject({ ok: true, data: { linked: false } });
    const memberId = added.ok ? added.data.memberId : "";
    expect(await listCommittee(db, tenant.numericId)).toEqual([
      expect.objectContaining({ id: memberId, email: "clara@example.org", committeeRole: "chair", account: null }),
    ]);
    const again = await addCommitteeMemberAction(tenant.slug, chair);
    expect(again).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(again.ok ? null : again.fieldErrors?.email).toEqual(["clara@example.org is on the committee already."]);

    expect(
      await updateCommitteeMemberAction(tenant.slug, {
        ...chair,
        memberId,
        lastName: "Chairwoman",
        committeeRole: "secretary",
      }),
    ).toMatchObject({ ok: true });
    expect(await db.committeeUser.findUniqueOrThrow({ where: { uuid: memberId } })).toMatchObject({
      lastName: "Chairwoman",
      committeeRole: "secretary",
    });

    expect(await removeCommitteeMemberAction(tenant.slug, { memberId })).toEqual({ ok: true, data: { removed: true } });
    expect(await listCommittee(db, tenant.numericId)).toEqual([]);
    expect((await db.committeeUser.findUniqueOrThrow({ where: { uuid: memberId } })).deletedAt).not.toBeNull();
    expect(await removeCommitteeMemberAction(tenant.slug, { memberId })).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
    expect(serialize(await CommitteePage(props(tenant.slug)))).not.toContain("clara@example.org");

    // Added back: the same row, live again.
    expect(await addCommitteeMemberAction(tenant.slug, chair)).toMatchObject({ ok: true, data: { memberId } });
    expect(serialize(await CommitteePage(props(tenant.slug)))).toContain("clara@example.org");
  });

  it("links an entry to the user account with its email, now or when that person joins later", async () => {
    const { tenant, db, admin } = await teamTenant();
    const voter = await addMember(tenant, admin, "voter");
    boundary.session = admin.session;
    expect(
      await addCommitteeMemberAction(tenant.slug, { ...chair, email: voter.email, committeeRole: "member" }),
    ).toMatchObject({ ok: true, data: { linked: true } });

    const later = "later.joiner@example.org";
    expect(
      await addCommitteeMemberAction(tenant.slug, { ...chair, email: later, committeeRole: "observer" }),
    ).toMatchObject({ ok: true, data: { linked: false } });
    await addMember(tenant, admin, "committee_member", later);
    const rows = await listCommittee(db, tenant.numericId);
    expect(rows.find((r) => r.email === later)?.account).toEqual({ status: "active" });
    expect(rows.find((r) => r.email === voter.email)?.account).toEqual({ status: "active" });
    const user = await db.tenantUser.findUniqueOrThrow({ where: { email: later } });
    expect((await db.committeeUser.findFirstOrThrow({ where: { email: later } })).userId).toBe(user.id);

    // Editing the address to one without an account unlinks it; back again relinks.
    const entry = rows.find((r) => r.email === later);
    await updateCommitteeMemberAction(tenant.slug, {
      ...chair,
      memberId: entry?.id ?? "",
      email: "nobody@example.org",
    });
    expect((await db.committeeUser.findUniqueOrThrow({ where: { uuid: entry?.id } })).userId).toBeNull();
    await updateCommitteeMemberAction(tenant.slug, { ...chair, memberId: entry?.id ?? "", email: later });
    expect((await db.committeeUser.findUniqueOrThrow({ where: { uuid: entry?.id } })).userId).toBe(user.id);
  });

  it("is seen with users.view and changed only with committee.manage", async () => {
    const { tenant, db, admin } = await teamTenant();
    const member = await addMember(tenant, admin, "committee_member");
    const voter = await addMember(tenant, admin, "voter");
    boundary.session = admin.session;
    const added = await addCommitteeMemberAction(tenant.slug, chair);
    const memberId = added.ok ? added.data.memberId : "";
    const audits = await landlord().auditLog.count({ where: { tenantId: tenant.id } });

    boundary.session = member.session;
    const page = serialize(await CommitteePage(props(tenant.slug)));
    expect(page).toContain("clara@example.org");
    expect(page).toContain('"manage":false');
    for (const who of [member, voter]) {
      boundary.session = who.session;
      for (const attempt of [
        () => addCommitteeMemberAction(tenant.slug, { ...chair, email: "intruder@example.org" }),
        () => updateCommitteeMemberAction(tenant.slug, { ...chair, memberId, committeeRole: "observer" }),
        () => removeCommitteeMemberAction(tenant.slug, { memberId }),
      ]) {
        expect(await attempt()).toMatchObject({ ok: false, code: "FORBIDDEN" });
      }
    }
    boundary.session = voter.session;
    await expectRedirect(() => CommitteePage(props(tenant.slug)), `/${tenant.slug}/forbidden?need=users.view`);
    expect(await listCommittee(db, tenant.numericId)).toEqual([
      expect.objectContaining({ email: "clara@example.org", committeeRole: "chair" }),
    ]);
    expect(await landlord().auditLog.count({ where: { tenantId: tenant.id } })).toBe(audits);
  });

  it("audits each change with the tenant, the acting user and the address", async () => {
    const { tenant, admin } = await teamTenant();
    boundary.session = admin.session;
    const added = await addCommitteeMemberAction(tenant.slug, chair);
    const memberId = added.ok ? added.data.memberId : "";
    await updateCommitteeMemberAction(tenant.slug, { ...chair, memberId, committeeRole: "vice_chair" });
    await removeCommitteeMemberAction(tenant.slug, { memberId });
    const entries = await landlord().auditLog.findMany({
      where: { tenantId: tenant.id, action: { startsWith: "committee." } },
      orderBy: { id: "asc" },
    });
    expect(entries.map((e) => e.action)).toEqual([
      "committee.member_added",
      "committee.member_updated",
      "committee.member_removed",
    ]);
    for (const entry of entries) {
      expect(entry).toMatchObject({
        actorType: "tenant_user",
        actorId: admin.uuid,
        actorLabel: admin.email,
        ip: BROWSER.ip,
        userAgent: BROWSER.userAgent,
      });
      expect(entry.context).toMatchObject({ slug: tenant.slug, email: "clara@example.org" });
    }
    expect(entries[1]?.context).toMatchObject({
      from: expect.objectContaining({ committeeRole: "chair" }),
      to: expect.objectContaining({ committeeRole: "vice_chair" }),
    });
  });
});
