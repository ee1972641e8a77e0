// The tenant's database as its snapshot last saw it (size, tables, health
// with its problems), and the migration names read from its own history.
import { formatDateTime } from "@/components/data-table/format";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import type { TenantDetail } from "@/lib/operations/tenant-detail";
import { formatBytes, HealthBadge, MigrationBadge } from "../tenant-badges";

function Names({ label, names }: { label: string; names: string[] }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="mt-1">
        {names.length === 0 ? (
          <span className="text-slate-400">none</span>
        ) : (
          <ul className="space-y-0.5 font-mono text-xs">
            {names.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
        )}
      </dd>
    </div>
  );
}

export function DatabaseCard({ detail }: { detail: TenantDetail }) {
  const { snapshot, migrations } = detail;
  return (
    <Card className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <CardTitle>Database</CardTitle>
        <span className="text-xs text-slate-500">
          {snapshot ? `snapshot of ${formatDateTime(snapshot.refreshedAt)}` : "no snapshot yet"}
        </span>
      </div>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm sm:grid-cols-4">
        <div className="col-span-2">
          <dt className="text-slate-500">Name</dt>
          <dd className="font-mono text-xs">{detail.database}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Size</dt>
          <dd className="tabular-nums">{formatBytes(snapshot?.databaseBytes)}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Tables</dt>
          <dd className="tabular-nums">{snapshot?.tables ?? "—"}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Migrations</dt>
          <dd>
            <MigrationBadge snapshot={snapshot} />
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Health</dt>
          <dd>
            <HealthBadge snapshot={snapshot} />
          </dd>
        </div>
      </dl>
      {snapshot && snapshot.problems.length > 0 && (
        <ul className="space-y-1 text-sm text-rose-700" aria-label="Health problems">
          {snapshot.problems.map((problem) => (
            <li key={problem}>✖ {problem}</li>
          ))}
        </ul>
      )}
      {migrations.ok ? (
        <dl className="grid gap-4 text-sm sm:grid-cols-2">
          <Names label={`Applied (${migrations.value.applied.length})`} names={migrations.value.applied} />
          <Names label={`Pending (${migrations.value.pending.length})`} names={migrations.value.pending} />
          {migrations.value.failed.length > 0 && (
            <Names label="Failed" names={migrations.value.failed.map((f) => f.name)} />
          )}
        </dl>
      ) : (
        <p className="text-sm text-slate-600">
          <Badge tone="red">unreadable</Badge> Its migration history cannot be read: {migrations.error}
        </p>
      )}
    </Card>
  );
}
