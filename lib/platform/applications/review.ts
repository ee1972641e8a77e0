// Reviewing an application: approve or reject. The status change goes through
// the state machine (status.ts) and its audit entry is written in the same
// transaction, so a refused transition changes nothing and a successful one is
// always audited. Of two admins reviewing one application at once, exactly one wins.
import "server-only";
import { createElement } from "react";
import { ApplicationRejectedEmail } from "@/emails/application-rejected";
import { type LandlordTx, landlord } from "../../db/landlord";
import { errorMessage } from "../../errors";
import type { TenantApplication } from "../../generated/landlord/client";
import { sendEmail } from "../../mail/send";
import { type Actor, type AuditAction, audit } from "../audit";
import { transitionApplication } from "./status";

export interface Rejection {
  application: TenantApplication;
  /** Why the applicant's email could not be sent, when it could not. The rejection stands either way. */
  emailError?: string;
}

/** The platform admin's id as the reviewer_id column holds it (null for other actors). */
function reviewerId(actor: Actor): bigint | null {
  return actor.type === "platform_admin" && actor.id && /^\d+$/.test(actor.id) ? BigInt(actor.id) : null;
}

async function review(
  id: string,
  to: "approved" | "rejected",
  action: AuditAction,
  actor: Actor,
  notes: string | undefined,
  tx?: LandlordTx,
): Promise<TenantApplication> {
  if (!tx) {
    return landlord().$transaction((t) => review(id, to, action, actor, notes, t), {
      maxWait: 10_000,
      timeout: 10_000,
    });
  }
  const application = await transitionApplication(
    id,
    to,
    { reviewerId: reviewerId(actor), reviewNotes: notes ?? null, reviewedAt: new Date() },
    tx,
  );
  await audit(
    {
      actor,
      action,
      applicationId: id,
      context: { reference: application.reference, slug: application.requestedSlug, notes: notes ?? null },
    },
    tx,
  );
  return application;
}

/**
 * Approves, inside the caller's transaction: approval always comes with the
 * start of a run (lib/provisioning/start.ts approveAndStart).
 */
export async function approveApplication(
  id: string,
  actor: Actor,
  notes: string | undefined,
  tx: LandlordTx,
): Promise<TenantApplication> {
  return review(id, "approved", "application.approved", actor, notes, tx);
}

/** Rejects with a reason, which is stored as the review notes and emailed to the applicant. */
export async function rejectApplication(id: string, actor: Actor, reason: string): Promise<Rejection> {
  const application = await review(id, "rejected", "application.rejected", actor, reason);
  try {
    await sendEmail({
      template: "application-rejected",
      to: application.contactEmail,
      subject: `Your application ${application.reference} was not approved`,
      react: createElement(ApplicationRejectedEmail, {
        organizationName: application.organizationName,
        contactFirstName: application.contactFirstName,
        reference: application.reference,
        reason,
      }),
      idempotencyKey: `application-rejected:${id}`,
      applicationId: id,
    });
    return { application };
  } catch (error) {
    console.error(`[review] the rejection email for ${application.reference} could not be sent`, error);
    return { application, emailError: errorMessage(error) };
  }
}
