// Applications and tenants for integration tests, made through the real
// domain code (state machine, provisioning steps, inline driver).
import { randomBytes, randomUUID } from "node:crypto";
import { landlord } from "@/lib/db/landlord";
import { type ApplicationStatus, transitionApplication } from "@/lib/platform/applications/status";
import type { Actor } from "@/lib/platform/audit";
import { driveRun } from "@/lib/provisioning/inline-driver";
import { beginRun } from "@/lib/provisioning/runs";

export const TEST_ADMIN: Actor = {
  type: "platform_admin",
  id: "1",
  label: "admin@test",
  ip: "127.0.0.1",
  userAgent: "vitest",
};

/** An approving actor with no platform admin row behind it (the command line's). */
export const TEST_OPERATOR: Actor = { type: "operator", label: "vitest", ip: "127.0.0.1", userAgent: "vitest" };

/** A slug no other test uses. */
export function uniqueSlug(prefix = "org"): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

export async function createApplication(
  overrides: { slug?: string; email?: string; name?: string; status?: ApplicationStatus } = {},
) {
  const slug = overrides.slug ?? uniqueSlug();
  return landlord().tenantApplication.create({
    data: {
      id: randomUUID(),
      reference: `T-${randomBytes(5).toString("hex").toUpperCase()}`,
      organizationName: overrides.name ?? `Org ${slug}`,
      requestedSlug: slug,
      contactFirstName: "Ada",
      contactLastName: "Lovelace",
      contactEmail: overrides.email ?? `admin+${slug}@example.org`,
      organizationType: "association",
      country: "DE",
      expectedVoters: 250,
      // Confirmed by the applicant and waiting for review, unless a test says otherwise.
      status: overrides.status ?? "pending",
    },
  });
}

export async function createApprovedApplication(overrides: Parameters<typeof createApplication>[0] = {}) {
  const application = await createApplication(overrides);
  return transitionApplication(application.id, "approved", { reviewedAt: new Date(), reviewNotes: "ok" });
}

/** A fully provisioned tenant, run to the end by the inline driver. */
export async function provisionTestTenant(overrides: Parameters<typeof createApplication>[0] = {}) {
  const application = await createApprovedApplication(overrides);
  const run = await beginRun(application.id, TEST_ADMIN, "inline");
  const outcome = await driveRun(run.runId, application.id, { backoffBaseMs: 1 });
  if (outcome !== "succeeded") {
    const failed = await landlord().tenantApplication.findUnique({ where: { id: application.id } });
    throw new Error(`provisioning failed: ${failed?.failureReason}`);
  }
  const provisioned = await landlord().tenantApplication.findUniqueOrThrow({
    where: { id: application.id },
    include: { tenant: true },
  });
  if (!provisioned.tenant) throw new Error("provisioned without a tenant");
  return { application: provisioned, tenant: provisioned.tenant, runId: run.runId };
}
