// The emails an applicant gets about their application, one function each.
// Before the address is confirmed, an email carries nothing the visitor typed
// but the organization's name: /apply must not be a way to mail strangers
// someone else's words.
import "server-only";
import { createElement } from "react";
import { ApplicationConfirmEmail } from "@/emails/application-confirm";
import { ApplicationExpiredEmail } from "@/emails/application-expired";
import { ApplicationReceivedEmail } from "@/emails/application-received";
import { env } from "../../env";
import type { TenantApplication } from "../../generated/landlord/client";
import { type SentEmail, sendEmail } from "../../mail/send";
import { confirmationUrl, issueConfirmationToken } from "./confirmation-tokens";
import { issueStatusToken, statusPageUrl } from "./status-links";

type Application = Pick<
  TenantApplication,
  "id" | "reference" | "organizationName" | "contactEmail" | "contactFirstName" | "requestedSlug"
>;

/**
 * The link to confirm the address. The token is issued inside `secrets`, which
 * the mailer calls only for a new idempotency key, and keeps sealed: the stored
 * copy of the email holds a placeholder where the link goes.
 */
export function sendConfirmationEmail(application: Application): Promise<SentEmail> {
  return sendEmail({
    template: "application-confirm",
    to: application.contactEmail,
    subject: `Confirm your email address (${application.reference})`,
    idempotencyKey: `application-confirm:${application.id}`,
    applicationId: application.id,
    react: (secret) =>
      createElement(ApplicationConfirmEmail, {
        organizationName: application.organizationName,
        reference: application.reference,
        confirmUrl: secret.confirmUrl ?? "",
        expiresInHours: env().APPLICATION_CONFIRM_TTL_HOURS,
      }),
    secrets: async () => ({ confirmUrl: confirmationUrl(await issueConfirmationToken(application.id)) }),
  });
}

/**
 * Sent once the address is confirmed: the application is in the review queue.
 * It carries the link to the status page, issued (like the confirmation link)
 * only for a new idempotency key and kept sealed.
 */
export function sendReceivedEmail(application: Application): Promise<SentEmail> {
  return sendEmail({
    template: "application-received",
    to: application.contactEmail,
    subject: `We received your application (${application.reference})`,
    react: (secret) =>
      createElement(ApplicationReceivedEmail, {
        organizationName: application.organizationName,
        contactFirstName: application.contactFirstName,
        reference: application.reference,
        requestedAddress: `${env().APP_URL}/${application.requestedSlug}`,
        statusUrl: secret.statusUrl,
      }),
    secrets: async () => ({ statusUrl: statusPageUrl(await issueStatusToken(application.id)) }),
    idempotencyKey: `application-received:${application.id}`,
    applicationId: application.id,
  });
}

/** Sent when a confirmed application expires unreviewed. */
export function sendExpiredEmail(application: Application): Promise<SentEmail> {
  const config = env();
  return sendEmail({
    template: "application-expired",
    to: application.contactEmail,
    subject: `Your application ${application.reference} has expired`,
    react: createElement(ApplicationExpiredEmail, {
      organizationName: application.organizationName,
      reference: application.reference,
      pendingDays: config.APPLICATION_PENDING_DAYS,
      applyUrl: `${config.APP_URL}/apply`,
    }),
    idempotencyKey: `application-expired:${application.id}`,
    applicationId: application.id,
  });
}
