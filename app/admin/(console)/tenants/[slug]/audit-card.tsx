// The tenant's whole audit trail, newest first, a page at a time (keyset:
// "older than entry N", so a long trail pages as fast as a short one).
import Link from "next/link";
import { formatDateTime } from "@/components/data-table/format";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import type { AuditPage } from "@/lib/operations/tenant-detail";
import { auditActionLabel } from "@/lib/platform/applications/history";

type Entry = AuditPage["entries"][number];

function contextLines(context: Entry["context"]): [string, string][] {
  if (!context || typeof context !== "object" || Array.isArray(context)) return [];
  return Object.entries(context)
    .filter(([, value]) => value !== null && value !== undefined && value !== "")
    .map(([key, value]) => [key, typeof value === "object" ? JSON.stringify(value).slice(0, 200) : String(value)]);
}

export function AuditCard({ slug, page, paged }: { slug: string; page: AuditPage; paged: boolean }) {
  return (
    <Card>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <CardTitle>Audit trail</CardTitle>
        {paged && (
          <Link href={`/admin/tenants/${slug}#audit`} className="text-sm text-indigo-600 hover:text-indigo-500">
            Newest entries
          </Link>
        )}
      </div>
      <ol id="audit" className="mt-2 divide-y divide-slate-100" aria-label="Audit trail">
        {page.entries.map((entry) => (
          <li key={entry.id.toString()} className="py-3 text-sm">
            <div className="flex flex-wrap items-baseline gap-x-2">
              <span className="font-medium text-slate-900">{auditActionLabel(entry.action)}</span>
              <span className="text-slate-600">by {entry.actorLabel ?? entry.actorType}</span>
              <Badge>{entry.actorType}</Badge>
              <time className="ml-auto text-xs text-slate-500" dateTime={entry.createdAt.toISOString()}>
                {formatDateTime(entry.createdAt)}
              </time>
            </div>
            {entry.ip && <p className="mt-1 break-all text-xs text-slate-500">{entry.ip}</p>}
            {contextLines(entry.context).length > 0 && (
              <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-xs">
                {contextLines(entry.context).map(([key, value]) => (
                  <div key={key} className="contents">
                    <dt className="text-slate-500">{key}</dt>
                    <dd className="whitespace-pre-wrap break-words text-slate-800">{value}</dd>
                  </div>
                ))}
              </dl>
            )}
          </li>
        ))}
        {page.entries.length === 0 && <li className="py-3 text-sm text-slate-500">Nothing recorded.</li>}
      </ol>
      {page.olderThan && (
        <Link
          href={`/admin/tenants/${slug}?olderThan=${page.olderThan}#audit`}
          className="mt-2 inline-block text-sm font-medium text-indigo-600 hover:text-indigo-500"
        >
          Older entries →
        </Link>
      )}
    </Card>
  );
}
