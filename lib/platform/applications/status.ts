// The application state machine, one place. Every status change goes through
// transitionApplication: an UPDATE guarded by the allowed source statuses, so
// two concurrent transitions cannot both win and an illegal one changes nothing.
// The list's counts per status (application_status_counts) follow every
// change by themselves: triggers on tenant_applications update them in the
// same transaction (migration 20261128070000_console_lists), so nothing here
// (nor the insert in ./submit.ts) has to remember them.

import "server-only";
import { type LandlordTx, landlord } from "../../db/landlord";
import { AppError } from "../../errors";
import type { ApplicationStatus, Prisma, TenantApplication } from "../../generated/landlord/client";

export type { ApplicationStatus };

export const APPLICATION_STATUSES = [
  "unconfirmed",
  "pending",
  "approved",
  "rejected",
  "provisioning_started",
  "provisioning_failed",
  "provisioned",
  "expired",
  "closed",
] as const satisfies readonly ApplicationStatus[];

// unconfirmed → pending (the applicant confirmed their email) | expired (they did not, in time);
// pending → approved → provisioning_started → provisioned; pending → rejected;
// pending → expired (nobody reviewed it in time);
// provisioning_started → provisioning_failed → provisioning_started (retry) | closed (given up, with a reason);
// provisioned → closed (its tenant was purged and the slug released: `tenants purge --release-slug`).
const NEXT: Record<ApplicationStatus, readonly ApplicationStatus[]> = {
  unconfirmed: ["pending", "expired"],
  pending: ["approved", "rejected", "expired"],
  approved: ["provisioning_started"],
  provisioning_started: ["provisioned", "provisioning_failed"],
  provisioning_failed: ["provisioning_started", "closed"],
  rejected: [],
  provisioned: ["closed"],
  expired: [],
  closed: [],
};

/** The statuses in which an application holds its slug (the generated column active_slug agrees). */
export const SLUG_HOLDING_STATUSES = APPLICATION_STATUSES.filter(
  (status) => !["rejected", "expired", "closed"].includes(status),
);

export const STATUS_LABELS: Record<ApplicationStatus, string> = {
  unconfirmed: "Awaiting confirmation",
  pending: "Pending review",
  approved: "Approved",
  rejected: "Rejected",
  provisioning_started: "Provisioning",
  provisioning_failed: "Provisioning failed",
  provisioned: "Provisioned",
  expired: "Expired",
  closed: "Closed",
};

export function canTransition(from: ApplicationStatus, to: ApplicationStatus): boolean {
  return NEXT[from].includes(to);
}

/** The statuses from which `to` may be reached. */
export function sourcesOf(to: ApplicationStatus): ApplicationStatus[] {
  return APPLICATION_STATUSES.filter((from) => NEXT[from].includes(to));
}

export function illegalTransition(from: ApplicationStatus, to: ApplicationStatus): AppError {
  const verb: Partial<Record<ApplicationStatus, string>> = {
    pending: "confirm",
    approved: "approve",
    rejected: "reject",
    provisioning_started: "start provisioning for",
    provisioned: "mark as provisioned",
    provisioning_failed: "mark as failed",
    expired: "expire",
    closed: "close",
  };
  return new AppError(
    "INVALID_STATE",
    `Cannot ${verb[to] ?? `move to ${to}`} an application that is ${STATUS_LABELS[from].toLowerCase()}.`,
    { from, to },
  );
}

export function assertTransition(from: ApplicationStatus, to: ApplicationStatus): void {
  if (!canTransition(from, to)) throw illegalTransition(from, to);
}

type Db = Pick<LandlordTx, "tenantApplication">;

/**
 * Moves an application to `to` if, at that instant, its status allows it.
 * Refuses with INVALID_STATE (and changes nothing) otherwise.
 */
export async function transitionApplication(
  id: string,
  to: ApplicationStatus,
  data: Omit<Prisma.TenantApplicationUncheckedUpdateManyInput, "status" | "id"> = {},
  db: Db = landlord(),
): Promise<TenantApplication> {
  const result = await db.tenantApplication.updateMany({
    where: { id, status: { in: sourcesOf(to) } },
    data: { ...data, status: to },
  });
  if (result.count === 0) {
    const current = await db.tenantApplication.findUnique({ where: { id }, select: { status: true } });
    if (!current) throw new AppError("NOT_FOUND", "That application does not exist.");
    throw illegalTransition(current.status, to);
  }
  return db.tenantApplication.findUniqueOrThrow({ where: { id } });
}

/**
 * Moves an application from exactly `from` to `to`, and only while `still`
 * holds at that instant (e.g. "still created before the cutoff"). Returns null
 * and changes nothing when it does not: for sweeps, where an application
 * someone else moved a moment ago is simply no longer theirs to move.
 */
export async function transitionIf(
  id: string,
  from: ApplicationStatus,
  to: ApplicationStatus,
  still: Prisma.TenantApplicationWhereInput,
  data: Omit<Prisma.TenantApplicationUncheckedUpdateManyInput, "status" | "id"> = {},
  db: Db = landlord(),
): Promise<TenantApplication | null> {
  assertTransition(from, to);
  const result = await db.tenantApplication.updateMany({
    where: { ...still, id, status: from },
    data: { ...data, status: to },
  });
  return result.count === 0 ? null : db.tenantApplication.findUniqueOrThrow({ where: { id } });
}
