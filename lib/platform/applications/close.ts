// Closing an application whose provisioning failed, instead of letting it
// hold its slug forever: provisioning_failed → closed (and only from there: a
// provisioned application is closed by purging its tenant), audited with the
// admin's reason in the same transaction, and the applicant emailed the
// reason. The slug is released by the status itself (active_slug is NULL for
// closed). Of a close and a retry at once, exactly one wins.
import "server-only";
import { createElement } from "react";
import { ApplicationClosedEmail } from "@/emails/application-closed";
import { landlord } from "../../db/landlord";
import { env } from "../../env";
import { AppError, errorMessage } from "../../errors";
import type { TenantApplication } from "../../generated/landlord/client";
import { sendEmail } from "../../mail/send";
import { type Actor, audit } from "../audit";
import { parseReference } from "./reference";
import { STATUS_LABELS, transitionIf } from "./status";

export interface Closed {
  application: TenantApplication;
  /** Why the applicant's email could not be sent, when it could not. The closing stands either way. */
  emailError?: string;
}

export async function closeApplication(id: string, actor: Actor, reason: string): Promise<Closed> {
  const application = await landlord().$transaction(
    async (tx) => {
      const closed = await transitionIf(id, "provisioning_failed", "closed", {}, {}, tx);
      if (!closed) {
        const current = await tx.tenantApplication.findUnique({ where: { id }, select: { status: true } });
        if (!current) throw new AppError("NOT_FOUND", "That application does not exist.");
        throw new AppError(
          "INVALID_STATE",
          `Only an application whose provisioning failed can be closed; this one is ${STATUS_LABELS[current.status].toLowerCase()}.`,
          { from: current.status, to: "closed" },
        );
      }
      await audit(
        {
          actor,
          action: "application.closed",
          applicationId: id,
          context: { reference: closed.reference, slug: closed.requestedSlug, reason },
        },
        tx,
      );
      return closed;
    },
    { maxWait: 10_000, timeout: 10_000 },
  );
  try {
    await sendEmail({
      template: "application-closed",
      to: application.contactEmail,
      subject: `Your application ${application.reference} was closed`,
      react: createElement(ApplicationClosedEmail, {
        organizationName: application.organizationName,
        reference: application.reference,
        reason,
        applyUrl: `${env().APP_URL}/apply`,
      }),
      idempotencyKey: `application-closed:${id}`,
      applicationId: id,
    });
    return { application };
  } catch (error) {
    console.error(`[close] the closing email for ${application.reference} could not be sent`, error);
    return { application, emailError: errorMessage(error) };
  }
}

/** The command line's way in: the application named by its reference (as people type it) or its id. */
export async function closeApplicationByReference(
  referenceOrId: string,
  actor: Actor,
  reason: string,
): Promise<Closed> {
  const input = referenceOrId.trim();
  const found = await landlord().tenantApplication.findFirst({
    where: { OR: [{ id: input }, { reference: parseReference(input) ?? input }] },
    select: { id: true },
  });
  if (!found) throw new AppError("NOT_FOUND", `No application ${input}.`);
  return closeApplication(found.id, actor, reason);
}
