// No password, token or credential in anything the platform writes besides
// the sealed copy: log lines, audit contexts, error messages, run and step
// records, rate-limit keys, and what goes to Inngest (events and step
// results, which Inngest stores). A full provisioning run under each driver,
// a retried step, a failed and a successful sign-in, and a password setup are
// recorded, then grepped for every secret they involved.
import { InngestTestEngine } from "@inngest/test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { inngest } from "@/inngest/client";
import { inngestDriver } from "@/inngest/driver";
import { provisionTenant } from "@/inngest/functions/provision-tenant";
import { landlord } from "@/lib/db/landlord";
import { approveAndStart } from "@/lib/provisioning/start";
import { stepNamed } from "@/lib/provisioning/steps";
import { completePasswordSetup } from "@/lib/tenant-auth/setup-password";
import { signInTenantUser } from "@/lib/tenant-auth/sign-in";
import { createApplication, provisionTestTenant, TEST_OPERATOR } from "./helpers/applications";
import { welcomeSecrets } from "./helpers/tenant-auth";

const lines: string[] = [];
beforeEach(() => {
  lines.length = 0;
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(
        args
          .map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === "string" ? a : JSON.stringify(a)))
          .join(" "),
      );
    });
  }
});
afterEach(() => vi.restoreAllMocks());

/** Everything the landlord holds about a tenant outside the sealed email copies. */
async function written(tenantId: string, applicationId: string): Promise<string> {
  const db = landlord();
  const [audits, runs, emails, buckets] = await Promise.all([
    db.auditLog.findMany({ where: { OR: [{ tenantId }, { applicationId }] } }),
    db.provisioningRun.findMany({ where: { applicationId }, include: { steps: true } }),
    db.emailOutbox.findMany({ where: { tenantId }, select: { html: true, text: true, subject: true, error: true } }),
    db.rateLimitBucket.findMany(),
  ]);
  return JSON.stringify({ audits, runs, emails, buckets, lines }, (_k, v) =>
    typeof v === "bigint" ? v.toString() : v,
  );
}

function expectNone(haystack: string, secrets: string[]) {
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThan(8);
    expect(haystack, `found a secret in what was written`).not.toContain(secret);
  }
}

describe("secrets stay sealed", () => {
  it("an inline run with a retried step, a failed and a right sign-in, and a password setup", async () => {
    const seed = stepNamed("send-welcome-email");
    const original = seed.run;
    vi.spyOn(seed, "run").mockImplementationOnce(async (ctx) => {
      await original(ctx);
      throw new Error("the connection dropped after the send");
    });
    const { tenant, application } = await provisionTestTenant();
    const { setupUrl, initialPassword } = await welcomeSecrets(tenant.id);
    const token = setupUrl.split("/").at(-1) as string;
    const typo = `${initialPassword}x`;
    const request = { ip: "198.51.100.250", userAgent: "vitest" };
    await signInTenantUser({ slug: tenant.slug, email: application.contactEmail, password: typo }, request);
    await signInTenantUser({ slug: tenant.slug, email: application.contactEmail, password: initialPassword }, request);
    const chosen = "Chosen-Passw0rd-Here!";
    await completePasswordSetup(token, chosen, request);
    const everything = await written(tenant.id, application.id);
    // The grep reads real records: the retried step's error, the sign-ins' audit entries.
    expect(everything).toContain("the connection dropped");
    expect(everything).toContain("auth.signin_failed");
    expectNone(everything, [initialPassword, token, setupUrl, typo, chosen]);
  });

  it("an Inngest run: neither the event nor any step result holds a secret", async () => {
    const send = vi.spyOn(inngest, "send").mockResolvedValue({ ids: ["evt"] } as never);
    const application = await createApplication();
    const run = await approveAndStart(application.id, TEST_OPERATOR, "ok", inngestDriver);
    const event = send.mock.calls[0]?.[0] as { name: string; data: Record<string, unknown> };
    const engine = new InngestTestEngine({ function: provisionTenant, events: [event as never] });
    const { result, state } = await engine.execute();
    expect(result).toEqual({ runId: run.runId, status: "provisioned" });
    const tenant = await landlord().tenant.findUniqueOrThrow({ where: { slug: application.requestedSlug } });
    const { setupUrl, initialPassword } = await welcomeSecrets(tenant.id);
    const token = setupUrl.split("/").at(-1) as string;
    const stepResults = await Promise.all(Object.values(state ?? {}).map(async (s) => JSON.stringify(await s)));
    const sentToInngest = JSON.stringify({ calls: send.mock.calls, stepResults, result });
    expect(stepResults.length).toBeGreaterThanOrEqual(7);
    expectNone(sentToInngest, [initialPassword, token, setupUrl]);
    expectNone(await written(tenant.id, application.id), [initialPassword, token, setupUrl]);
  });
});
