// Submitting an application: rate limit per client address, slug free, one
// insert with its audit entry, then the "application received" email. The
// unique index on active_slug decides races: of many submissions for one slug,
// exactly one insert succeeds and the rest get a "slug is taken" field error.
import "server-only";
import { randomUUID } from "node:crypto";
import { createElement } from "react";
import { ApplicationReceivedEmail } from "@/emails/application-received";
import { landlord } from "../../db/landlord";
import { uniqueViolation } from "../../db/unique-violation";
import { env } from "../../env";
import { AppError } from "../../errors";
import { sendEmail } from "../../mail/send";
import { enforceRateLimit, type RateLimitRule } from "../../rate-limit";
import type { RequestInfo } from "../../request";
import { audit } from "../audit";
import type { ApplicationInput } from "./input";
import { newReference } from "./reference";
import { isSlugTaken, SLUG_TAKEN } from "./slug-availability";

export const SUBMIT_RATE_LIMIT: RateLimitRule = { limit: 5, windowSeconds: 10 * 60 };

export interface SubmittedApplication {
  id: string;
  reference: string;
  slug: string;
}

function slugTaken(): AppError {
  return new AppError("CONFLICT", SLUG_TAKEN, { fieldErrors: { requestedSlug: [SLUG_TAKEN] } });
}

export async function submitApplication(input: ApplicationInput, request: RequestInfo): Promise<SubmittedApplication> {
  await enforceRateLimit(`apply:ip:${request.ip}`, SUBMIT_RATE_LIMIT, "applications from your network");
  if (await isSlugTaken(input.requestedSlug)) throw slugTaken();

  const application = await insert(input, request);
  await sendReceivedEmail(application.id, input, application.reference);
  return { id: application.id, reference: application.reference, slug: input.requestedSlug };
}

async function insert(
  input: ApplicationInput,
  request: RequestInfo,
  attempt = 1,
): Promise<{ id: string; reference: string }> {
  const id = randomUUID();
  const reference = newReference();
  try {
    await landlord().$transaction(
      async (tx) => {
        await tx.tenantApplication.create({
          data: {
            id,
            reference,
            organizationName: input.organizationName,
            requestedSlug: input.requestedSlug,
            contactFirstName: input.contactFirstName,
            contactLastName: input.contactLastName,
            contactEmail: input.contactEmail,
            organizationType: input.organizationType,
            country: input.country,
            expectedVoters: input.expectedVoters,
            note: input.note ?? null,
            submittedIp: request.ip,
          },
        });
        await audit(
          {
            actor: { type: "applicant", label: input.contactEmail, ip: request.ip, userAgent: request.userAgent },
            action: "application.submitted",
            applicationId: id,
            context: { reference, slug: input.requestedSlug, organizationName: input.organizationName },
          },
          tx,
        );
      },
      { maxWait: 10_000, timeout: 10_000 },
    );
  } catch (error) {
    const index = uniqueViolation(error);
    if (index?.includes("active_slug")) throw slugTaken();
    // A reference drawn twice (about one in 10^11): draw again.
    if (index?.includes("reference") && attempt < 3) return insert(input, request, attempt + 1);
    throw error;
  }
  return { id, reference };
}

async function sendReceivedEmail(id: string, input: ApplicationInput, reference: string): Promise<void> {
  try {
    await sendEmail({
      template: "application-received",
      to: input.contactEmail,
      subject: `We received your application (${reference})`,
      react: createElement(ApplicationReceivedEmail, {
        organizationName: input.organizationName,
        contactFirstName: input.contactFirstName,
        reference,
        requestedAddress: `${env().APP_URL}/${input.requestedSlug}`,
      }),
      idempotencyKey: `application-received:${id}`,
      applicationId: id,
    });
  } catch (error) {
    // The application is stored; a failed email stays in the outbox as failed
    // for an admin to see. The applicant still gets their reference on screen.
    console.error(`[apply] the received email for ${reference} could not be sent`, error);
  }
}
