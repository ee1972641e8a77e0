// The applicant's status page (/apply/status/{token}) against MariaDB: the
// "application received" email carries an unguessable link that the stored
// copy never holds; only its hash is kept; the page says each status in
// words, with the reason of a rejection or a closing, and once provisioned the
// address of the space; any other token shows nothing.
import { createHash } from "node:crypto";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import StatusPage from "@/app/(public)/apply/status/[token]/page";
import { landlord } from "@/lib/db/landlord";
import { env } from "@/lib/env";
import { openSecrets } from "@/lib/mail/secrets";
import { sendReceivedEmail } from "@/lib/platform/applications/applicant-emails";
import { closeApplication } from "@/lib/platform/applications/close";
import { APPLICATION_STATUSES, type ApplicationStatus } from "@/lib/platform/applications/status";
import { applicationStatusView, issueStatusToken, STATUS_WORDS } from "@/lib/platform/applications/status-links";
import { isSecretAddress, referrerPolicy } from "@/lib/security-headers";
import { proxy } from "@/proxy";
import { createApplication, provisionTestTenant, TEST_ADMIN, uniqueSlug } from "./helpers/applications";
import { failedApplication } from "./helpers/failed-runs";
import { serialize } from "./helpers/tenant-auth";

/** The application's "received" email, and the status link the recipient gets in it. */
async function receivedEmail(application: Awaited<ReturnType<typeof createApplication>>) {
  await sendReceivedEmail(application);
  const email = await landlord().emailOutbox.findUniqueOrThrow({
    where: { idempotencyKey: `application-received:${application.id}` },
  });
  const { statusUrl = "" } = openSecrets(email.id, email.secrets);
  const token = /\/apply\/status\/([A-Za-z0-9_-]{43})$/.exec(statusUrl)?.[1] ?? "";
  return { email, statusUrl, token };
}

describe("the status link", () => {
  it("is in the received email for its recipient only: the stored copy holds a placeholder, the table a hash", async () => {
    const application = await createApplication({ status: "pending" });
    const { email, statusUrl, token } = await receivedEmail(application);
    expect(statusUrl).toBe(`${env().APP_URL}/apply/status/${token}`);
    expect(token).toHaveLength(43);
    for (const body of [email.html, email.text, email.subject]) expect(body).not.toContain(token);
    expect(email.text).toMatch(/\[\[secret-[0-9a-f]{12}:statusUrl\]\]/);

    const link = await landlord().applicationStatusLink.findFirstOrThrow({ where: { applicationId: application.id } });
    expect(link.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(serialize(link)).not.toContain(token);

    // Sent again with the same key, the email (and its link) is not made twice.
    await sendReceivedEmail(application);
    expect(await landlord().applicationStatusLink.count({ where: { applicationId: application.id } })).toBe(1);
  });

  it("is a secret address: no referrer, not cached", async () => {
    expect(isSecretAddress("/apply/status/abc")).toBe(true);
    expect(referrerPolicy("/apply/status/abc")).toBe("no-referrer");
    expect(isSecretAddress("/apply/statuses")).toBe(false);
    const response = await proxy(new NextRequest(new URL("/apply/status/abc", "http://localhost:3000")));
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});

describe("the status page", () => {
  it.each(APPLICATION_STATUSES.filter((s) => !["provisioned", "closed"].includes(s)))(
    "says %s in words",
    async (status: ApplicationStatus) => {
      const application = await createApplication({ status: "pending" });
      const { token } = await receivedEmail(application);
      await landlord().tenantApplication.update({
        where: { id: application.id },
        data: {
          status,
          reviewNotes: status === "rejected" ? "We could not verify your organization." : "internal note",
        },
      });
      const view = await applicationStatusView(token);
      expect(view).toMatchObject({
        organizationName: application.organizationName,
        reference: application.reference,
        status,
        headline: STATUS_WORDS[status].headline,
        spaceUrl: null,
      });
      // Only a rejection shows the reviewer's words; approval notes are the admins' own.
      expect(view?.reason).toBe(status === "rejected" ? "We could not verify your organization." : null);

      const page = serialize(await StatusPage({ params: Promise.resolve({ token }) }));
      expect(page).toContain(STATUS_WORDS[status].headline);
      expect(page).toContain(application.reference);
      if (status !== "rejected") expect(page).not.toContain("internal note");
    },
  );

  it("says closed with the reason the admin gave", async () => {
    const { application } = await failedApplication("create-database", "no room");
    const token = await issueStatusToken(application.id);
    expect(await applicationStatusView(token)).toMatchObject({ status: "provisioning_failed", reason: null });
    await closeApplication(application.id, TEST_ADMIN, "Your space could not be created.");
    expect(await applicationStatusView(token)).toMatchObject({
      status: "closed",
      headline: "Closed",
      reason: "Your space could not be created.",
      spaceUrl: null,
    });
  });

  it("shows the address of the space once provisioned", async () => {
    const { application, tenant } = await provisionTestTenant({ slug: uniqueSlug("status") });
    const token = await issueStatusToken(application.id);
    const view = await applicationStatusView(token);
    expect(view).toMatchObject({ status: "provisioned", spaceUrl: `${env().APP_URL}/${tenant.slug}/login` });
    expect(serialize(await StatusPage({ params: Promise.resolve({ token }) }))).toContain(
      `${env().APP_URL}/${tenant.slug}/login`,
    );
  });

  it("shows nothing for any other token", async () => {
    const application = await createApplication({ status: "pending" });
    const { token } = await receivedEmail(application);
    const other = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    for (const wrong of [other, "x", "", "a".repeat(43), "' OR 1=1 --", token.toUpperCase()]) {
      if (wrong === token) continue;
      expect(await applicationStatusView(wrong)).toBeNull();
      const page = serialize(await StatusPage({ params: Promise.resolve({ token: wrong }) }));
      expect(page).toContain("This link cannot be used");
      expect(page).not.toContain(application.organizationName);
      expect(page).not.toContain(application.reference);
    }
  });
});
