// The status history of an application, read from its audit trail: each
// audited event that moves the status says which status it moved it to.
import "server-only";
import type { AuditLog } from "../../generated/landlord/client";
import type { ApplicationStatus } from "./status";

const STATUS_AFTER: Record<string, ApplicationStatus> = {
  // Applications submitted before email confirmation existed went straight to
  // pending; their history shows them as awaiting confirmation first.
  "application.submitted": "unconfirmed",
  "application.confirmed": "pending",
  "application.expired": "expired",
  "application.approved": "approved",
  "application.rejected": "rejected",
  "application.closed": "closed",
  "provisioning.started": "provisioning_started",
  "provisioning.retried": "provisioning_started",
  "provisioning.failed": "provisioning_failed",
  "provisioning.completed": "provisioned",
};

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  "application.submitted": "Application submitted",
  "application.confirmed": "Email confirmed",
  "application.expired": "Expired",
  "application.approved": "Approved",
  "application.rejected": "Rejected",
  "application.closed": "Closed",
  "provisioning.started": "Provisioning started",
  "provisioning.step_failed": "Provisioning step failed",
  "provisioning.completed": "Provisioning completed",
  "provisioning.failed": "Provisioning failed",
  "provisioning.rolled_back": "Provisioning rolled back",
  "provisioning.retried": "Provisioning retried",
  "provisioning.resumed": "Provisioning resumed",
};

export interface StatusChange {
  status: ApplicationStatus;
  at: Date;
  by: string;
}

type Entry = Pick<AuditLog, "action" | "createdAt" | "actorLabel" | "actorType">;

export function statusHistory(trail: Entry[]): StatusChange[] {
  const changes: StatusChange[] = [];
  for (const entry of trail) {
    const status = STATUS_AFTER[entry.action];
    if (status && changes.at(-1)?.status !== status) {
      changes.push({ status, at: entry.createdAt, by: entry.actorLabel ?? entry.actorType });
    }
  }
  return changes;
}

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

/** The reason given when the application was closed (the last closing in the trail), if it was. */
export function closingReason(trail: Pick<AuditLog, "action" | "context">[]): string | null {
  const entry = trail.findLast((e) => e.action === "application.closed");
  const reason = (entry?.context as { reason?: unknown } | null | undefined)?.reason;
  return typeof reason === "string" ? reason : null;
}
