// An application's status, and what it means for provisioning, as badges.
import { Badge, type BadgeTone } from "@/components/ui/badge";
// Client-safe: the label comes from the caller (STATUS_LABELS lives beside the database code).
import type { ApplicationStatus } from "@/lib/generated/landlord/enums";

const STATUS_TONES: Record<ApplicationStatus, BadgeTone> = {
  unconfirmed: "gray",
  pending: "yellow",
  approved: "blue",
  rejected: "gray",
  provisioning_started: "indigo",
  provisioning_failed: "red",
  provisioned: "green",
  expired: "gray",
  closed: "gray",
};

export function StatusBadge({ status, label }: { status: ApplicationStatus; label: string }) {
  return <Badge tone={STATUS_TONES[status]}>{label}</Badge>;
}

// The provisioning side of the same status: nothing to do yet, waiting, running, failed or done.
const PROVISIONING: Record<ApplicationStatus, { label: string; tone: BadgeTone } | null> = {
  unconfirmed: null,
  pending: null,
  rejected: null,
  expired: null,
  closed: null,
  approved: { label: "Queued", tone: "blue" },
  provisioning_started: { label: "Running", tone: "indigo" },
  provisioning_failed: { label: "Failed", tone: "red" },
  provisioned: { label: "Done", tone: "green" },
};

export function ProvisioningBadge({ status }: { status: ApplicationStatus }) {
  const state = PROVISIONING[status];
  if (!state) return <span className="text-slate-400">—</span>;
  return <Badge tone={state.tone}>{state.label}</Badge>;
}
