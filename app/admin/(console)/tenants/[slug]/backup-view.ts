// The tenant's backups and deletion as its page hands them to the browser:
// plain strings, and each backup's age worked out once on the server, so the
// server's HTML and the browser's render agree.
import type { TenantDeletion } from "@/lib/generated/landlord/client";
import type { BackupListing } from "@/lib/operations/backups/records";

export interface BackupView {
  id: string;
  status: BackupListing["status"] | "pruned";
  verification: BackupListing["verification"];
  /** A file is there to verify, restore or download. */
  hasFile: boolean;
  good: boolean;
  reason: string;
  by: string | null;
  sizeBytes: number | null;
  rowCount: number | null;
  startedAt: string;
  age: string;
  error: string | null;
}

export interface DeletionView {
  deletedAt: string;
  deletedBy: string | null;
  reason: string | null;
  backupId: string;
  purgeAfter: string;
  /** The grace period has ended: purge may drop it whenever it runs. */
  graceOver: boolean;
  purgeStartedAt: string | null;
}

export const REASONS: Record<string, string> = {
  manual: "manual",
  scheduled: "scheduled",
  delete: "before deletion",
};

/** "platform_admin:ada@example.org" as the audit and the rows write it, shown as a person reads it. */
export function actorText(recorded: string | null): string | null {
  if (!recorded) return null;
  const at = recorded.indexOf(":");
  if (at < 0) return recorded;
  const [type, label] = [recorded.slice(0, at), recorded.slice(at + 1)];
  if (type === "platform_admin") return label || "a platform admin";
  return label ? `${label} (${type.replace("_", " ")})` : type.replace("_", " ");
}

export function ageOf(then: Date, now: Date): string {
  const minutes = Math.floor((now.getTime() - then.getTime()) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

export function backupView(b: BackupListing, now: Date): BackupView {
  const pruned = b.prunedAt !== null;
  return {
    id: b.id,
    status: pruned ? "pruned" : b.status,
    verification: b.verification,
    hasFile: b.status === "succeeded" && !pruned && b.file !== null,
    good: b.good,
    reason: REASONS[b.reason] ?? b.reason,
    by: actorText(b.createdBy),
    sizeBytes: b.sizeBytes,
    rowCount: b.rowCount,
    startedAt: b.startedAt.toISOString(),
    age: ageOf(b.startedAt, now),
    error: b.error,
  };
}

export function deletionView(d: TenantDeletion, now: Date): DeletionView {
  return {
    deletedAt: d.deletedAt.toISOString(),
    deletedBy: actorText(d.deletedBy),
    reason: d.reason,
    backupId: d.backupId,
    purgeAfter: d.purgeAfter.toISOString(),
    graceOver: d.purgeAfter <= now,
    purgeStartedAt: d.purgeStartedAt?.toISOString() ?? null,
  };
}
