// The last audit entries, each linking to the application or tenant it is about.
import Link from "next/link";
import { formatDateTime } from "@/components/data-table/format";
import { Card, CardTitle } from "@/components/ui/card";
import type { AuditRow } from "@/lib/platform/audit-log";

export function RecentActivity({ entries }: { entries: AuditRow[] }) {
  return (
    <Card>
      <div className="flex items-baseline justify-between">
        <CardTitle>Recent activity</CardTitle>
        <Link href="/admin/audit" className="text-sm font-medium text-indigo-700 hover:underline">
          Audit log
        </Link>
      </div>
      <ol className="mt-3 divide-y divide-slate-100 text-sm" aria-label="Recent activity">
        {entries.map((entry) => (
          <li key={entry.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2">
            <time dateTime={entry.createdAt.toISOString()} className="w-36 shrink-0 text-xs text-slate-500">
              {formatDateTime(entry.createdAt)}
            </time>
            <span className="font-mono text-xs text-slate-900">{entry.action}</span>
            <span className="text-slate-600">by {entry.actorLabel ?? entry.actorType}</span>
            <span className="ml-auto flex gap-3">
              {entry.applicationId && (
                <Link href={`/admin/applications/${entry.applicationId}`} className="text-indigo-700 hover:underline">
                  {entry.application?.reference ?? "application"}
                </Link>
              )}
              {entry.tenant && (
                <Link
                  href={`/admin/tenants/${entry.tenant.slug}`}
                  className="font-mono text-xs text-indigo-700 hover:underline"
                >
                  {entry.tenant.slug}
                </Link>
              )}
            </span>
          </li>
        ))}
        {entries.length === 0 && <li className="py-4 text-slate-500">Nothing yet.</li>}
      </ol>
    </Card>
  );
}
