// The owners' digest against MariaDB: provisioning runs that failed for good
// reach every active owner (and nobody else) in at most one email per hour
// window, each failure in exactly one digest; nothing is sent when nothing failed.
import { afterEach, describe, expect, it } from "vitest";
import { backgroundJobs, DIGEST_SOURCES } from "@/app/workflow";
import { landlord } from "@/lib/db/landlord";
import { digestWindow, sendOwnerDigest } from "@/lib/platform/owner-digest";
import { provisioningFailures } from "@/lib/provisioning/failure-digest";
import { failedApplication } from "./helpers/failed-runs";
import { createTestAdmin } from "./helpers/platform-admin";

const digests = () =>
  landlord().emailOutbox.findMany({ where: { template: "owner-digest" }, orderBy: { createdAt: "asc" } });

/** A minute from now: what just failed is settled (the digest covers up to 30 s before its moment). */
const soon = () => new Date(Date.now() + 60_000);
/** The last minute of the hour window `hours` after the one `at` is in. */
const windowAfter = (at: Date, hours: number) => new Date(digestWindow(at).getTime() + hours * 3600_000 + 59 * 60_000);

afterEach(async () => {
  await landlord().ownerDigest.deleteMany();
  await landlord().emailOutbox.deleteMany({ where: { template: "owner-digest" } });
});

describe("the owners' digest", () => {
  it("is a background job whose sources include failed provisioning runs", () => {
    expect(backgroundJobs().map((job) => job.name)).toContain("owner-digest");
    expect(DIGEST_SOURCES).toContain(provisioningFailures);
  });

  it("sends nothing when nothing failed", async () => {
    await createTestAdmin("owner");
    expect(await sendOwnerDigest([provisioningFailures], soon())).toEqual({
      sent: false,
      reason: "nothing_new",
    });
    expect(await digests()).toHaveLength(0);
    expect(await landlord().ownerDigest.count()).toBe(0);
  });

  it("goes to every active owner only, once per hour window, with every failure since the previous digest", async () => {
    const owners = [await createTestAdmin("owner"), await createTestAdmin("owner")];
    const disabled = await createTestAdmin("owner");
    await landlord().user.update({ where: { email: disabled.email }, data: { status: "disabled" } });
    await createTestAdmin("reviewer");
    await createTestAdmin("viewer");
    const active = (await landlord().user.findMany({ where: { role: "owner", status: "active" } })).map((u) => u.email);
    expect(active).toEqual(expect.arrayContaining(owners.map((o) => o.email)));
    expect(active).not.toContain(disabled.email);

    const first = await failedApplication("create-database", "no room on the server", { name: "Rowing Club" });
    const second = await failedApplication("run-migrations", "syntax error near TABLE", { name: "Chess Society" });

    const now = soon();
    const result = await sendOwnerDigest(DIGEST_SOURCES, now);
    expect(result).toMatchObject({ sent: true, items: 2 });
    expect(result.sent && [...result.recipients].sort()).toEqual([...active].sort());

    const emails = await digests();
    expect(emails.map((e) => e.toAddress).sort()).toEqual([...active].sort());
    const window = digestWindow(now).toISOString();
    for (const email of emails) {
      expect(email.idempotencyKey).toMatch(new RegExp(`^owner-digest:${window.replace(/[.]/g, "\\.")}:[0-9a-f]{32}$`));
      expect(email.subject).toBe("Election Platform: 2 problems to look at");
      for (const [failure, slug, step, reason] of [
        [first, first.application.requestedSlug, "Create database", "no room on the server"],
        [second, second.application.requestedSlug, "Run tenant migrations", "syntax error near TABLE"],
      ] as const) {
        expect(email.text).toContain(`${failure.application.organizationName} (${failure.application.reference})`);
        expect(email.text).toContain(`Address: /${slug}`);
        expect(email.text).toContain(`Step: ${step}`);
        expect(email.text).toContain(reason);
        expect(email.text).toContain(`/admin/applications/${failure.application.id}`);
      }
    }
    expect(await landlord().auditLog.count({ where: { action: "email.digest_sent" } })).toBe(1);

    // A new failure in the same hour waits for the next window: at most one digest an hour.
    const third = await failedApplication("seed-initial-admin", "admin table missing", { name: "Bee Keepers" });
    // (It failed after the first digest was made: at `now` on the digest's clock.)
    await landlord().provisioningRun.update({ where: { id: third.runId }, data: { finishedAt: now } });
    expect(await sendOwnerDigest(DIGEST_SOURCES, now)).toEqual({
      sent: false,
      reason: "already_sent",
    });
    expect(await digests()).toHaveLength(active.length);

    // The next window lists it, and only it.
    const next = await sendOwnerDigest(DIGEST_SOURCES, windowAfter(now, 1));
    expect(next).toMatchObject({ sent: true, items: 1 });
    const later = (await digests()).slice(active.length);
    expect(later).toHaveLength(active.length);
    for (const email of later) {
      expect(email.text).toContain(third.application.reference);
      expect(email.text).not.toContain(first.application.reference);
      expect(email.subject).toBe("Election Platform: 1 problem to look at");
    }

    // And the one after that, with nothing new, sends nothing.
    expect(await sendOwnerDigest(DIGEST_SOURCES, windowAfter(now, 2))).toEqual({ sent: false, reason: "nothing_new" });
    expect(await digests()).toHaveLength(2 * active.length);
  });

  it("is made once when two portal processes look at the same moment", async () => {
    await createTestAdmin("owner");
    await failedApplication("create-database", "no room");
    const now = soon();
    const results = await Promise.all([sendOwnerDigest(DIGEST_SOURCES, now), sendOwnerDigest(DIGEST_SOURCES, now)]);
    expect(results.filter((r) => r.sent)).toHaveLength(1);
    expect(await landlord().ownerDigest.count()).toBe(1);
    const owners = await landlord().user.count({ where: { role: "owner", status: "active" } });
    expect(await digests()).toHaveLength(owners);
  });
});
