// Confirming an applicant's email: the application moves unconfirmed → pending
// (into the review queue), audited, and the applicant gets the "application
// received" email. Either the applicant follows their link, or, where the
// outbox is the only mailbox (no mail provider), a platform admin confirms on
// their behalf so a local journey never stalls.
//
// The link's page (app/(public)/apply/confirm/[token]) only reads: confirming
// takes a POST from its button, so a mail scanner that fetches links confirms
// nothing.
import "server-only";
import { type LandlordTx, landlord } from "../../db/landlord";
import { env } from "../../env";
import { AppError, isAppError } from "../../errors";
import type { TenantApplication } from "../../generated/landlord/client";
import type { RequestInfo } from "../../request";
import { type Actor, audit } from "../audit";
import { sendReceivedEmail } from "./applicant-emails";
import {
  consumeConfirmationToken,
  lookupConfirmationToken,
  type TokenState,
  withdrawConfirmationTokens,
} from "./confirmation-tokens";
import { transitionApplication } from "./status";

/** "settled": the link is unused and in time, but its application no longer waits for it (it expired, say). */
export type ConfirmationLink =
  | { state: "usable"; organizationName: string; reference: string }
  | { state: Exclude<TokenState, "usable"> | "settled" };

/** What the link's page shows, read only: nothing changes. */
export async function inspectConfirmationLink(token: string): Promise<ConfirmationLink> {
  const link = await lookupConfirmationToken(token);
  if (link.state !== "usable" || !link.applicationId)
    return { state: link.state === "usable" ? "unknown" : link.state };
  const application = await landlord().tenantApplication.findUnique({
    where: { id: link.applicationId },
    select: { status: true, organizationName: true, reference: true },
  });
  if (!application) return { state: "unknown" };
  // Expired by the sweep a moment before its link did, for instance.
  if (application.status !== "unconfirmed") return { state: "settled" };
  return { state: "usable", organizationName: application.organizationName, reference: application.reference };
}

const LINK_MESSAGES: Record<Exclude<ConfirmationLink["state"], "usable">, string> = {
  used: "This link has already been used: the email address is confirmed.",
  expired: "This link has expired, and the application with it. You are welcome to apply again.",
  unknown: "This link is not valid. Check that you opened the whole link from the email.",
  settled: "This application no longer waits for confirmation. You are welcome to apply again.",
};

export function confirmationLinkMessage(state: Exclude<ConfirmationLink["state"], "usable">): string {
  return LINK_MESSAGES[state];
}

export interface Confirmed {
  application: TenantApplication;
  /** Why the "application received" email could not be sent, when it could not. The confirmation stands. */
  emailError?: string;
}

/** The applicant follows their link: one use, before it expires, while the application is unconfirmed. */
export async function confirmApplication(token: string, request: RequestInfo): Promise<Confirmed> {
  const application = await landlord().$transaction(
    async (tx) => {
      const link = await lookupConfirmationToken(token, tx);
      if (link.state !== "usable" || !link.applicationId)
        throw linkRefused(link.state === "usable" ? "unknown" : link.state);
      // Of two clicks at once, the second waits here for the first and then finds the link used.
      if (!(await consumeConfirmationToken(token, tx))) throw linkRefused("used");
      const actor = (app: TenantApplication): Actor => ({
        type: "applicant",
        label: app.contactEmail,
        ip: request.ip,
        userAgent: request.userAgent,
      });
      try {
        return await moveToReview(link.applicationId, actor, {}, tx);
      } catch (error) {
        // Expired meanwhile: the refusal rolls the link's use back with it.
        throw isAppError(error, "INVALID_STATE") ? linkRefused("settled") : error;
      }
    },
    { maxWait: 10_000, timeout: 10_000 },
  );
  return { application, emailError: await receivedEmail(application) };
}

/**
 * A platform admin confirms for the applicant. Only where no mail provider is
 * configured: there the outbox is the mailbox and nobody else can read the link.
 * With a provider the applicant must confirm: their address is unproven until then.
 */
export async function confirmOnBehalf(applicationId: string, actor: Actor): Promise<Confirmed> {
  if (env().RESEND_API_KEY) {
    throw new AppError(
      "FORBIDDEN",
      "A mail provider is configured, so the applicant confirms their email address themselves, with the link we sent them.",
    );
  }
  const application = await landlord().$transaction(
    async (tx) => {
      const confirmed = await moveToReview(applicationId, () => actor, { onBehalf: true }, tx);
      // The emailed link has nothing left to do.
      await withdrawConfirmationTokens(applicationId, tx);
      return confirmed;
    },
    { maxWait: 10_000, timeout: 10_000 },
  );
  return { application, emailError: await receivedEmail(application) };
}

async function moveToReview(
  applicationId: string,
  actorOf: (application: TenantApplication) => Actor,
  context: Record<string, boolean>,
  tx: LandlordTx,
): Promise<TenantApplication> {
  const application = await transitionApplication(applicationId, "pending", {}, tx);
  await audit(
    {
      actor: actorOf(application),
      action: "application.confirmed",
      applicationId,
      context: { reference: application.reference, slug: application.requestedSlug, ...context },
    },
    tx,
  );
  return application;
}

function linkRefused(state: Exclude<ConfirmationLink["state"], "usable">): AppError {
  return new AppError(state === "unknown" ? "NOT_FOUND" : "INVALID_STATE", LINK_MESSAGES[state], { link: state });
}

async function receivedEmail(application: TenantApplication): Promise<string | undefined> {
  try {
    await sendReceivedEmail(application);
    return undefined;
  } catch (error) {
    console.error(`[apply] the received email for ${application.reference} could not be sent`, error);
    return "The confirmation is recorded, but the email saying so could not be sent just now.";
  }
}
