// Expiring stale applications against the real MariaDB: an unconfirmed one
// after its link's 24 hours, a pending one after 30 days unreviewed; each
// audited, its slug released (the database's generated column agrees), the
// pending one's applicant told by email; batched, and idempotent. Time passes
// by moving created_at back in the database.
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { submitApplicationAction } from "@/app/(public)/apply/actions";
import { backgroundJobs } from "@/app/workflow";
import { landlord } from "@/lib/db/landlord";
import { resetEnvCache } from "@/lib/env";
import { expireApplications } from "@/lib/platform/applications/expire";
import { sampleApplication } from "@/lib/platform/applications/fixtures";
import type { ApplicationFormValues } from "@/lib/platform/applications/input";
import {
  APPLICATION_STATUSES,
  type ApplicationStatus,
  SLUG_HOLDING_STATUSES,
  transitionApplication,
} from "@/lib/platform/applications/status";
import { createApplication, uniqueSlug } from "./helpers/applications";
import { asRequest } from "./setup/request-boundary";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
let n = 0;

async function apply(overrides: Partial<ApplicationFormValues> = {}) {
  const i = ++n;
  const result = await asRequest(new Headers({ "x-forwarded-for": `198.51.100.${i}` }), () =>
    submitApplicationAction(
      sampleApplication({ requestedSlug: uniqueSlug("exp"), contactEmail: `applicant${i}@example.org`, ...overrides }),
    ),
  );
  if (!result.ok) throw new Error(result.error);
  return result.data;
}

/** Makes an application as old as `ms` by moving its created_at back. */
async function age(id: string, ms: number) {
  await landlord().tenantApplication.update({ where: { id }, data: { createdAt: new Date(Date.now() - ms) } });
}

const load = (id: string) => landlord().tenantApplication.findUniqueOrThrow({ where: { id } });
const expiryAudits = (id: string) =>
  landlord().auditLog.findMany({ where: { applicationId: id, action: "application.expired" } });
const emailsOf = (id: string, template: string) =>
  landlord().emailOutbox.findMany({ where: { applicationId: id, template } });

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvCache();
});

describe("the slug follows the status", () => {
  it("is held by unconfirmed, pending, approved and provisioning applications, released by rejected, expired and closed", async () => {
    for (const status of APPLICATION_STATUSES) {
      const slug = uniqueSlug("held");
      const { id } = await createApplication({ slug, status });
      expect((await load(id)).activeSlug, status).toBe(
        (SLUG_HOLDING_STATUSES as readonly ApplicationStatus[]).includes(status) ? slug : null,
      );
    }
  });
});

describe("expiring unconfirmed applications", () => {
  it("expires one whose 24 hours are over, audited as the system, releasing its slug, with no email to the address", async () => {
    const stale = await apply();
    const fresh = await apply();
    await age(stale.id, 24 * HOUR + 60_000);
    await age(fresh.id, 23 * HOUR);

    const result = await expireApplications();
    expect(result.unconfirmed).toBeGreaterThanOrEqual(1);
    expect(await load(stale.id)).toMatchObject({ status: "expired", activeSlug: null });
    expect((await load(fresh.id)).status).toBe("unconfirmed");
    expect(await expiryAudits(stale.id)).toEqual([
      expect.objectContaining({
        actorType: "system",
        context: expect.objectContaining({ from: "unconfirmed", reason: "Not confirmed within 24 hours" }),
      }),
    ]);
    // The address was never proven: nothing more is sent to it.
    expect(await emailsOf(stale.id, "application-expired")).toEqual([]);

    // The slug is free again: a new application for it is accepted.
    expect(await apply({ requestedSlug: stale.slug })).toMatchObject({ slug: stale.slug });
  });

  it("leaves one that was confirmed just in time to the pending rule", async () => {
    const { id } = await apply();
    await transitionApplication(id, "pending");
    await age(id, 25 * HOUR);
    await expireApplications();
    expect((await load(id)).status).toBe("pending");
    expect(await expiryAudits(id)).toEqual([]);
  });

  it("follows APPLICATION_CONFIRM_TTL_HOURS", async () => {
    vi.stubEnv("APPLICATION_CONFIRM_TTL_HOURS", "2");
    resetEnvCache();
    const { id } = await apply();
    await age(id, 3 * HOUR);
    await expireApplications();
    expect(await expiryAudits(id)).toEqual([
      expect.objectContaining({ context: expect.objectContaining({ reason: "Not confirmed within 2 hours" }) }),
    ]);
  });
});

describe("expiring unreviewed applications", () => {
  it("expires one pending for 30 days, audited, slug released, and tells the applicant with no text of theirs but the name", async () => {
    const marks = {
      organizationName: `Quiet <b>Club</b> ${n}`,
      contactFirstName: "FirstMark<i>x</i>",
      contactLastName: "LastMark",
      note: "NoteMark <a href='https://evil.example'>prize</a>",
    };
    const stale = await apply(marks);
    const fresh = await apply();
    for (const { id } of [stale, fresh]) await transitionApplication(id, "pending");
    await age(stale.id, 30 * DAY + 60_000);
    await age(fresh.id, 29 * DAY);

    expect((await expireApplications()).pending).toBeGreaterThanOrEqual(1);
    expect(await load(stale.id)).toMatchObject({ status: "expired", activeSlug: null });
    expect((await load(fresh.id)).status).toBe("pending");
    expect(await expiryAudits(stale.id)).toEqual([
      expect.objectContaining({
        actorType: "system",
        context: expect.objectContaining({ from: "pending", reason: "Not reviewed within 30 days" }),
      }),
    ]);

    const [email] = await emailsOf(stale.id, "application-expired");
    expect(email).toMatchObject({ toAddress: `applicant${n - 1}@example.org`, status: "stored" });
    for (const body of [email?.html ?? "", email?.text ?? ""]) {
      expect(body).toContain(stale.reference);
      expect(body).not.toMatch(/FirstMark|LastMark|NoteMark|evil\.example/);
    }
    expect(email?.html).toContain("Quiet &lt;b&gt;Club&lt;/b&gt;");
    expect(email?.html).not.toContain("<b>Club");

    expect(await apply({ requestedSlug: stale.slug })).toMatchObject({ slug: stale.slug });
  });

  it("leaves every other status alone, however old", async () => {
    const others: ApplicationStatus[] = ["approved", "provisioning_started", "provisioning_failed", "provisioned"];
    const ids: string[] = [];
    for (const status of others) {
      const { id } = await createApplication({ status });
      await age(id, 400 * DAY);
      ids.push(id);
    }
    await expireApplications();
    for (const [i, id] of ids.entries()) expect((await load(id)).status).toBe(others[i]);
  });
});

describe("the expiry run", () => {
  it("works in batches and, run again, changes nothing more", async () => {
    // 25 stale applications, inserted directly (they need no emails of their own).
    const ids = Array.from({ length: 25 }, () => randomUUID());
    const old = new Date(Date.now() - 2 * DAY);
    await landlord().tenantApplication.createMany({
      data: ids.map((id, i) => ({
        id,
        reference: `EXP-${id.slice(0, 8)}`,
        organizationName: `Batch ${i}`,
        requestedSlug: uniqueSlug("batch"),
        contactFirstName: "B",
        contactLastName: "C",
        contactEmail: `batch${i}@example.org`,
        organizationType: "association",
        country: "DE",
        expectedVoters: 10,
        createdAt: old,
      })),
    });
    const stillUnconfirmed = () =>
      landlord().tenantApplication.count({ where: { id: { in: ids }, status: "unconfirmed" } });

    // Two batches of ten this run; the rest waits for the next.
    expect((await expireApplications({ batchSize: 10, maxBatches: 2 })).unconfirmed).toBe(20);
    expect(await stillUnconfirmed()).toBe(5);
    expect((await expireApplications({ batchSize: 10, maxBatches: 2 })).unconfirmed).toBe(5);
    expect(await stillUnconfirmed()).toBe(0);

    const snapshot = async () => [
      await landlord().auditLog.count(),
      await landlord().emailOutbox.count(),
      await landlord().tenantApplication.groupBy({
        by: ["status"],
        _count: { _all: true },
        orderBy: { status: "asc" },
      }),
    ];
    const before = await snapshot();
    expect(await expireApplications()).toEqual({ unconfirmed: 0, pending: 0 });
    expect(await snapshot()).toEqual(before);
    expect(
      await landlord().auditLog.count({ where: { applicationId: { in: ids }, action: "application.expired" } }),
    ).toBe(25);
  });

  it("is one of the portal's background jobs under either driver", async () => {
    for (const driver of ["inline", "inngest"]) {
      vi.stubEnv("WORKFLOW_DRIVER", driver);
      resetEnvCache();
      const names = backgroundJobs().map((job) => job.name);
      expect(names, driver).toContain("expire-applications");
      expect(names.includes("sweep-provisioning"), driver).toBe(driver === "inline");
    }
    const { id } = await apply();
    await age(id, 2 * DAY);
    await backgroundJobs()
      .find((job) => job.name === "expire-applications")
      ?.run();
    expect((await load(id)).status).toBe("expired");
  });
});
