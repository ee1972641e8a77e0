// An application's status, and what it means for provisioning, as badges.
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { type ApplicationStatus, STATUS_LABELS } from "@/lib/platform/applications/status";

const STATUS_TONES: Record<ApplicationStatus, BadgeTone> = {
  pending: "yellow",
  approved: "blue",
  rejected: "gray",
  provisioning_started: "indigo",
  provisioning_failed: "red",
  provisioned: "green",
};

export function StatusBadge({ status }: { status: ApplicationStatus }) {
  return <Badge tone={STATUS_TONES[status]}>{STATUS_LABELS[status]}</Badge>;
}

// The provisioning side of the same status: nothing to do yet, waiting, running, failed or done.
const PROVISIONING: Record<ApplicationStatus, { label: string; tone: BadgeTone } | null> = {
  pending: null,
  rejected: null,
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
