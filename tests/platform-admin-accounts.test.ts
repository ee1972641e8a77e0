// Managing platform admins: invitations by a one-time link, disabling, roles,
// and the last active owner, who can never be disabled or demoted, whoever
// asks and however the requests race.
import { describe, expect, it } from "vitest";
import { landlord } from "@/lib/db/landlord";
import { openSecrets } from "@/lib/mail/secrets";
import {
  acceptInvitation,
  changeAdminRole,
  inviteAdmin,
  lookupInvitation,
  setAdminStatus,
} from "@/lib/platform/admin-accounts";
import { signInPlatformAdmin } from "@/lib/platform/admins";
import { TEST_OPERATOR } from "./helpers/applications";
import { createTestAdmin } from "./helpers/platform-admin";

const visitor = { type: "platform_admin" as const, label: "invitee", ip: "192.0.2.70", userAgent: "vitest" };

async function onlyOwnersAre(...ids: string[]) {
  // Every other owner this file made is demoted, so `ids` are the only active owners.
  await landlord().user.updateMany({
    where: { role: "owner", id: { notIn: ids.map((id) => BigInt(id)) } },
    data: { role: "viewer" },
  });
}

async function invitationLink(email: string): Promise<string> {
  const row = await landlord().emailOutbox.findFirstOrThrow({
    where: { toAddress: email, template: "admin-invitation" },
    orderBy: { createdAt: "desc" },
  });
  expect(row.html).not.toMatch(/\/admin\/invite\/[A-Za-z0-9_-]{43}/); // the stored copy holds a placeholder
  return openSecrets(row.id, row.secrets).acceptUrl as string;
}

describe("the last active owner", () => {
  it("cannot be disabled or demoted, by anyone", async () => {
    const owner = await createTestAdmin("owner");
    await onlyOwnersAre(owner.id);
    await expect(setAdminStatus(BigInt(owner.id), "disabled", TEST_OPERATOR)).rejects.toMatchObject({
      code: "INVALID_STATE",
      message: expect.stringMatching(/last active owner/),
    });
    await expect(changeAdminRole(BigInt(owner.id), "reviewer", TEST_OPERATOR)).rejects.toMatchObject({
      code: "INVALID_STATE",
    });
    expect(await landlord().user.findUniqueOrThrow({ where: { id: BigInt(owner.id) } })).toMatchObject({
      role: "owner",
      status: "active",
    });
  });

  it("of two owners demoting each other at once, exactly one wins", async () => {
    for (let round = 0; round < 3; round++) {
      const a = await createTestAdmin("owner");
      const b = await createTestAdmin("owner");
      await onlyOwnersAre(a.id, b.id);
      const results = await Promise.allSettled([
        changeAdminRole(BigInt(a.id), "viewer", TEST_OPERATOR),
        changeAdminRole(BigInt(b.id), "viewer", TEST_OPERATOR),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(await landlord().user.count({ where: { role: "owner", status: "active" } })).toBe(1);
    }
  });

  it("can step down once another owner exists; changes are audited", async () => {
    const a = await createTestAdmin("owner");
    const b = await createTestAdmin("reviewer");
    await onlyOwnersAre(a.id);
    await changeAdminRole(BigInt(b.id), "owner", TEST_OPERATOR);
    await changeAdminRole(BigInt(a.id), "viewer", TEST_OPERATOR);
    const audited = await landlord().auditLog.findMany({
      where: { action: "admin.role_changed" },
      orderBy: { id: "desc" },
      take: 2,
    });
    expect(audited.map((e) => e.context)).toEqual([
      expect.objectContaining({ email: a.email, from: "owner", to: "viewer" }),
      expect.objectContaining({ email: b.email, from: "reviewer", to: "owner" }),
    ]);
  });
});

describe("invitations", () => {
  it("send a one-time link; the invitee sets a password and is an admin of the invited role", async () => {
    const owner = await createTestAdmin("owner");
    const actor = { type: "platform_admin" as const, id: owner.id, label: owner.email };
    await inviteAdmin({ email: "New.Reviewer@Example.org", name: "New Reviewer", role: "reviewer" }, actor);
    const link = await invitationLink("new.reviewer@example.org");
    const token = link.split("/").at(-1) as string;
    expect(await lookupInvitation(token)).toMatchObject({
      ok: true,
      role: "reviewer",
      email: "new.reviewer@example.org",
    });

    await expect(acceptInvitation(token, "weak", visitor)).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await acceptInvitation(token, "Reviewer-Chosen-Passw0rd!", visitor);
    expect(
      (await signInPlatformAdmin({ email: "new.reviewer@example.org", password: "Reviewer-Chosen-Passw0rd!" }, visitor))
        .ok,
    ).toBe(true);
    expect(await lookupInvitation(token)).toEqual({ ok: false, problem: "used" });
    await expect(acceptInvitation(token, "Another-Passw0rd!!", visitor)).rejects.toMatchObject({
      code: "INVALID_STATE",
    });
    expect(
      await landlord().auditLog.count({ where: { action: { in: ["admin.invited", "admin.joined"] } } }),
    ).toBeGreaterThanOrEqual(2);
  });

  it("a new invitation to the same address withdraws the earlier link; an expired link changes nothing", async () => {
    const owner = await createTestAdmin("owner");
    const actor = { type: "platform_admin" as const, id: owner.id, label: owner.email };
    await inviteAdmin({ email: "twice@example.org", name: "Twice", role: "viewer" }, actor);
    const first = (await invitationLink("twice@example.org")).split("/").at(-1) as string;
    await inviteAdmin({ email: "twice@example.org", name: "Twice", role: "viewer" }, actor);
    const second = (await invitationLink("twice@example.org")).split("/").at(-1) as string;
    expect(await lookupInvitation(first)).toEqual({ ok: false, problem: "unknown" });
    await landlord().adminInvitation.updateMany({
      where: { email: "twice@example.org", withdrawnAt: null },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await lookupInvitation(second)).toEqual({ ok: false, problem: "expired" });
    await expect(acceptInvitation(second, "Perfectly-Fine-Passw0rd!", visitor)).rejects.toMatchObject({
      code: "INVALID_STATE",
    });
    expect(await landlord().user.count({ where: { email: "twice@example.org" } })).toBe(0);
  });

  it("are refused for an address that is an admin already", async () => {
    const owner = await createTestAdmin("owner");
    await expect(inviteAdmin({ email: owner.email, name: "x", role: "viewer" }, TEST_OPERATOR)).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });
});
