// The applicant's status page (/apply/status/{token}): where their
// application stands, with no account. The link is sent once, in the
// "application received" email (as a sealed secret: the stored copy holds a
// placeholder), and only the sha256 of its token is kept.
//
// It does not expire. What it shows is what the applicant's mailbox holds
// already (the organization, the reference, and the reason of a rejection or
// closing, which is emailed to the same address) plus the current status and,
// once provisioned, the public address of the space; an expiry would only
// break a bookmark, and the link is as safe as the mailbox it lives in.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { type LandlordTx, landlord } from "../../db/landlord";
import { env } from "../../env";
import type { ApplicationStatus } from "./status";

// A token is 32 random bytes in base64url: 43 characters.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function hashStatusToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function statusPageUrl(token: string): string {
  return `${env().APP_URL}/apply/status/${token}`;
}

/** Stores a new link for the application and returns its token (for the email, and nowhere else). */
export async function issueStatusToken(
  applicationId: string,
  db: Pick<LandlordTx, "applicationStatusLink"> = landlord(),
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.applicationStatusLink.create({ data: { applicationId, tokenHash: hashStatusToken(token) } });
  return token;
}

/** Each status in the applicant's words. */
export const STATUS_WORDS: Record<ApplicationStatus, { headline: string; detail: string }> = {
  unconfirmed: {
    headline: "Waiting for you to confirm your email address",
    detail: "Open the confirmation link we emailed you; the application is reviewed after that.",
  },
  pending: {
    headline: "Waiting for review",
    detail: "A platform admin reviews every application. We will email you once yours has been reviewed.",
  },
  approved: {
    headline: "Approved",
    detail: "Your election space is about to be set up. We will email you when it is ready.",
  },
  provisioning_started: {
    headline: "Approved: your space is being set up",
    detail: "This usually takes under a minute. We will email you when it is ready.",
  },
  provisioning_failed: {
    headline: "Approved, but setting up your space ran into a problem",
    detail: "The platform team has been told and will try again or write to you.",
  },
  provisioned: {
    headline: "Your election space is ready",
    detail: "The welcome email we sent you has the way in for your first administrator.",
  },
  rejected: { headline: "Not approved", detail: "The reviewer gave this reason:" },
  expired: {
    headline: "Expired",
    detail: "The application was not completed or reviewed in time, and its address has been released.",
  },
  closed: { headline: "Closed", detail: "The application was closed, and its address has been released." },
};

export interface ApplicationStatusView {
  organizationName: string;
  reference: string;
  status: ApplicationStatus;
  headline: string;
  detail: string;
  /** The reviewer's reason (rejected) or the admin's reason (closed). */
  reason: string | null;
  /** Once provisioned: where the organization signs in. */
  spaceUrl: string | null;
  updatedAt: Date;
}

/** What the page shows for a token; null for one that is not a live link. Reads only. */
export async function applicationStatusView(token: string): Promise<ApplicationStatusView | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const db = landlord();
  const link = await db.applicationStatusLink.findUnique({
    where: { tokenHash: hashStatusToken(token) },
    include: { application: { include: { tenant: { select: { slug: true, deletedAt: true } } } } },
  });
  if (!link) return null;
  const a = link.application;
  let reason: string | null = null;
  if (a.status === "rejected") reason = a.reviewNotes;
  if (a.status === "closed") {
    const closing = await db.auditLog.findFirst({
      where: { applicationId: a.id, action: "application.closed" },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { context: true },
    });
    const given = (closing?.context as { reason?: unknown } | null)?.reason;
    reason = typeof given === "string" ? given : null;
  }
  const tenant = a.status === "provisioned" && a.tenant && !a.tenant.deletedAt ? a.tenant : null;
  const words = STATUS_WORDS[a.status];
  return {
    organizationName: a.organizationName,
    reference: a.reference,
    status: a.status,
    headline: words.headline,
    detail: words.detail,
    reason,
    spaceUrl: tenant ? `${env().APP_URL}/${tenant.slug}/login` : null,
    updatedAt: a.updatedAt,
  };
}
