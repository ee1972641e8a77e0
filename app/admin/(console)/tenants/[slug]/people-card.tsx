// The tenant's users (from its snapshot), its active admins (from its own
// database) and its recent sign-ins (from the audit log).
import { formatDateTime } from "@/components/data-table/format";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import type { TenantDetail } from "@/lib/operations/tenant-detail";

function contextOf(entry: TenantDetail["signIns"][number]): { email?: string; reason?: string } {
  const context = entry.context;
  return context && typeof context === "object" && !Array.isArray(context)
    ? (context as { email?: string; reason?: string })
    : {};
}

export function PeopleCard({ detail }: { detail: TenantDetail }) {
  const { snapshot, admins } = detail;
  return (
    <Card className="space-y-4">
      <CardTitle>Users and sign-ins</CardTitle>
      <dl className="grid grid-cols-3 gap-4 text-sm">
        <div>
          <dt className="text-slate-500">Users</dt>
          <dd className="tabular-nums">{snapshot?.users ?? "—"}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Admins</dt>
          <dd className="tabular-nums">{snapshot?.admins ?? "—"}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Last sign-in</dt>
          <dd>{detail.tenant.lastSignInAt ? formatDateTime(detail.tenant.lastSignInAt) : "never"}</dd>
        </div>
      </dl>
      {admins.ok ? (
        admins.value.length > 0 && (
          <p className="text-sm text-slate-600">Active admins: {admins.value.map((a) => a.email).join(", ")}</p>
        )
      ) : (
        <p className="text-sm text-rose-700">Its admins cannot be read: {admins.error}</p>
      )}
      <div>
        <h3 className="text-sm font-semibold text-slate-900">Recent sign-ins</h3>
        <ul className="mt-2 divide-y divide-slate-100 text-sm" aria-label="Recent sign-ins">
          {detail.signIns.map((entry) => {
            const { email, reason } = contextOf(entry);
            const ok = entry.action === "auth.signed_in";
            return (
              <li key={entry.id.toString()} className="flex flex-wrap items-baseline gap-2 py-1.5">
                <Badge tone={ok ? "green" : "red"}>{ok ? "signed in" : "refused"}</Badge>
                <span>{email ?? entry.actorLabel ?? "unknown"}</span>
                {!ok && reason && <span className="text-xs text-slate-500">{reason}</span>}
                <span className="text-xs text-slate-500">{entry.ip}</span>
                <time className="ml-auto text-xs text-slate-500" dateTime={entry.createdAt.toISOString()}>
                  {formatDateTime(entry.createdAt)}
                </time>
              </li>
            );
          })}
          {detail.signIns.length === 0 && <li className="py-1.5 text-slate-500">None yet.</li>}
        </ul>
      </div>
    </Card>
  );
}
