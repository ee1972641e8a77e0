// A tenant's state as badges: its status (or deleted), maintenance, its
// migrations and its health, as the snapshot last saw them. Client-safe.
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { HoldKind, TenantStatus } from "@/lib/generated/landlord/enums";
import type { MigrationState, SnapshotView } from "@/lib/operations/tenant-rows";

const STATUS: Record<TenantStatus, { label: string; tone: BadgeTone }> = {
  active: { label: "Active", tone: "green" },
  suspended: { label: "Suspended", tone: "red" },
  inactive: { label: "Provisioning", tone: "blue" },
};

export function TenantStatusBadges(props: {
  status: TenantStatus;
  deleted: boolean;
  maintenance: readonly HoldKind[];
}) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      {props.deleted ? (
        <Badge tone="gray">Deleted</Badge>
      ) : (
        <Badge tone={STATUS[props.status].tone}>{STATUS[props.status].label}</Badge>
      )}
      {props.maintenance.length > 0 && (
        <Badge tone="yellow">
          In maintenance{props.maintenance.some((k) => k !== "admin") ? ` (${props.maintenance.join(", ")})` : ""}
        </Badge>
      )}
    </span>
  );
}

const MIGRATIONS: Record<MigrationState, { label: string; tone: BadgeTone }> = {
  "up-to-date": { label: "Up to date", tone: "green" },
  pending: { label: "Pending", tone: "yellow" },
  failed: { label: "Failed", tone: "red" },
};

export function MigrationBadge({ snapshot }: { snapshot: SnapshotView | null }) {
  if (!snapshot?.migrations) return <span className="text-slate-400">—</span>;
  const state = MIGRATIONS[snapshot.migrations];
  const count = snapshot.migrations === "pending" ? ` (${snapshot.migrationsPending})` : "";
  return (
    <Badge tone={state.tone}>
      {state.label}
      {count}
    </Badge>
  );
}

export function HealthBadge({ snapshot }: { snapshot: SnapshotView | null }) {
  if (!snapshot) return <span className="text-slate-400">not checked yet</span>;
  if (snapshot.healthOk) return <Badge tone="green">OK</Badge>;
  const n = snapshot.problems.length;
  return (
    <span title={snapshot.problems.join("\n")}>
      <Badge tone="red">{n === 1 ? "1 problem" : `${n} problems`}</Badge>
    </span>
  );
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return "—";
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
