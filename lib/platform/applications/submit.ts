// Submitting an application: rate limit per client address, slug free, a cap
// on confirmation emails per recipient, one insert (as `unconfirmed`) with its
// audit entry, then the confirmation email. The unique index on active_slug
// decides races: of many submissions for one slug, exactly one insert succeeds
// and the rest get a "slug is taken" field error.
//
// Over the recipient cap the submission is refused, not stored without an
// email: each link confirms its own application, so one stored with no email
// could never be confirmed and would only hold its slug until it expired. The
// applicant is told to use the emails already sent, or to wait.
import "server-only";
import { randomUUID } from "node:crypto";
import { landlord } from "../../db/landlord";
import { uniqueViolation } from "../../db/unique-violation";
import { AppError } from "../../errors";
import type { RequestInfo } from "../../request";
import { audit } from "../audit";
import { sendConfirmationEmail } from "./applicant-emails";
import { enforceApplyLimit, enforceConfirmationCap } from "./apply-limits";
import type { ApplicationInput } from "./input";
import { newReference } from "./reference";
import { isSlugTaken, SLUG_TAKEN } from "./slug-availability";

export interface SubmittedApplication {
  id: string;
  reference: string;
  slug: string;
  /** False when the confirmation email could not be sent just now (it stays in the outbox as failed). */
  confirmationSent: boolean;
}

function slugTaken(): AppError {
  return new AppError("CONFLICT", SLUG_TAKEN, { fieldErrors: { requestedSlug: [SLUG_TAKEN] } });
}

export async function submitApplication(input: ApplicationInput, request: RequestInfo): Promise<SubmittedApplication> {
  await enforceApplyLimit(request.ip);
  if (await isSlugTaken(input.requestedSlug)) throw slugTaken();
  await enforceConfirmationCap(input.contactEmail);

  const application = await insert(input, request);
  const confirmationSent = await sendConfirmation(application);
  return { id: application.id, reference: application.reference, slug: input.requestedSlug, confirmationSent };
}

async function insert(input: ApplicationInput, request: RequestInfo, attempt = 1) {
  const id = randomUUID();
  const reference = newReference();
  try {
    return await landlord().$transaction(
      async (tx) => {
        const application = await tx.tenantApplication.create({
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
            status: "unconfirmed",
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
        return application;
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
}

async function sendConfirmation(application: Awaited<ReturnType<typeof insert>>): Promise<boolean> {
  try {
    await sendConfirmationEmail(application);
    return true;
  } catch (error) {
    // The application is stored; a failed email stays in the outbox as failed
    // for an admin to see. The applicant is told on screen.
    console.error(`[apply] the confirmation email for ${application.reference} could not be sent`, error);
    return false;
  }
}
