// Expiring stale applications, so an application cannot hold its slug
// forever: an unconfirmed one when its confirmation link expires
// (APPLICATION_CONFIRM_TTL_HOURS after it was submitted), a pending one that
// nobody reviewed within APPLICATION_PENDING_DAYS of it. Each moves to
// `expired` (which releases the slug) with its audit entry in one transaction,
// through the state machine's guarded transition, which also checks the
// application is still that old and still in that status: one approved or
// confirmed a moment ago is left alone. The applicant of an expired pending
// application is told by email (an unconfirmed one never proved its address).
//
// Batched, so one run's work is bounded; idempotent, so a second run (or a
// second process) finds nothing more to do. The portal's background job runs it
// (app/workflow.ts).
import "server-only";
import { landlord } from "../../db/landlord";
import { env } from "../../env";
import { audit, SYSTEM } from "../audit";
import { sendExpiredEmail } from "./applicant-emails";
import { type ApplicationStatus, transitionIf } from "./status";

export interface ExpiryResult {
  unconfirmed: number;
  pending: number;
}

export interface ExpiryOptions {
  /** The moment to judge by (tests move it). */
  now?: Date;
  batchSize?: number;
  /** Batches per status per run; the rest waits for the next run. */
  maxBatches?: number;
}

export async function expireApplications(options: ExpiryOptions = {}): Promise<ExpiryResult> {
  const config = env();
  const now = options.now ?? new Date();
  const hours = config.APPLICATION_CONFIRM_TTL_HOURS;
  const days = config.APPLICATION_PENDING_DAYS;
  return {
    unconfirmed: await expireOlderThan(
      "unconfirmed",
      new Date(now.getTime() - hours * 3600_000),
      `Not confirmed within ${hours} hours`,
      options,
    ),
    pending: await expireOlderThan(
      "pending",
      new Date(now.getTime() - days * 86_400_000),
      `Not reviewed within ${days} days`,
      options,
    ),
  };
}

async function expireOlderThan(
  status: Extract<ApplicationStatus, "unconfirmed" | "pending">,
  cutoff: Date,
  reason: string,
  { batchSize = 100, maxBatches = 10 }: ExpiryOptions,
): Promise<number> {
  let expired = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    // The (status, created_at) index answers this without a scan.
    const due = await landlord().tenantApplication.findMany({
      where: { status, createdAt: { lt: cutoff } },
      orderBy: { createdAt: "asc" },
      take: batchSize,
      select: { id: true },
    });
    for (const { id } of due) if (await expireOne(id, status, cutoff, reason)) expired++;
    if (due.length < batchSize) break;
  }
  return expired;
}

async function expireOne(id: string, from: ApplicationStatus, cutoff: Date, reason: string): Promise<boolean> {
  const application = await landlord().$transaction(
    async (tx) => {
      const moved = await transitionIf(id, from, "expired", { createdAt: { lt: cutoff } }, {}, tx);
      if (moved) {
        await audit(
          {
            actor: SYSTEM,
            action: "application.expired",
            applicationId: id,
            context: { reference: moved.reference, slug: moved.requestedSlug, from, reason },
          },
          tx,
        );
      }
      return moved;
    },
    { maxWait: 10_000, timeout: 10_000 },
  );
  if (!application) return false;
  if (from === "pending") {
    await sendExpiredEmail(application).catch((error: unknown) => {
      // The expiry stands; the failed email stays in the outbox for an admin to see.
      console.error(`[applications] the expiry email for ${application.reference} could not be sent`, error);
    });
  }
  return true;
}
