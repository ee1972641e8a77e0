// The application state machine, one place. Every status change goes through
// transitionApplication: an UPDATE guarded by the allowed source statuses, so
// two concurrent transitions cannot both win and an illegal one changes nothing.

import "server-only";
import { type LandlordTx, landlord } from "../../db/landlord";
import { AppError } from "../../errors";
import type { ApplicationStatus, Prisma, TenantApplication } from "../../generated/landlord/client";

export type { ApplicationStatus };

export const APPLICATION_STATUSES = [
  "pending",
  "approved",
  "rejected",
  "provisioning_started",
  "provisioning_failed",
  "provisioned",
] as const satisfies readonly ApplicationStatus[];

// pending → approved → provisioning_started → provisioned; pending → rejected;
// provisioning_started → provisioning_failed → provisioning_started (retry).
const NEXT: Record<ApplicationStatus, readonly ApplicationStatus[]> = {
  pending: ["approved", "rejected"],
  approved: ["provisioning_started"],
  provisioning_started: ["provisioned", "provisioning_failed"],
  provisioning_failed: ["provisioning_started"],
  rejected: [],
  provisioned: [],
};

export const STATUS_LABELS: Record<ApplicationStatus, string> = {
  pending: "Pending review",
  approved: "Approved",
  rejected: "Rejected",
  provisioning_started: "Provisioning",
  provisioning_failed: "Provisioning failed",
  provisioned: "Provisioned",
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
    approved: "approve",
    rejected: "reject",
    provisioning_started: "start provisioning for",
    provisioned: "mark as provisioned",
    provisioning_failed: "mark as failed",
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
