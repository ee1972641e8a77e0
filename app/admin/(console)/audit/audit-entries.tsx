// The audit log's entries: who, what, about which application or tenant, when
// and from where, with the context pretty-printed and folded away. Plain
// server-rendered HTML: nothing here needs the browser's help.
import Link from "next/link";
import { formatDateTime } from "@/components/data-table/format";
import type { AuditRow } from "@/lib/platform/audit-log";

function Subject({ row }: { row: AuditRow }) {
  return (
    <div className="space-y-1">
      {row.applicationId && (
        <div>
          <Link href={`/admin/applications/${row.applicationId}`} className="text-indigo-700 hover:underline">
            {row.application ? row.application.reference : "Application"}
          </Link>
          {row.application && <div className="text-xs text-slate-500">{row.application.organizationName}</div>}
        </div>
      )}
      {row.tenantId &&
        (row.tenant ? (
          <Link
            href={`/admin/tenants/${row.tenant.slug}`}
            className="font-mono text-xs text-indigo-700 hover:underline"
          >
            {row.tenant.slug}
          </Link>
        ) : (
          <span className="font-mono text-xs text-slate-500" title="This tenant no longer exists">
            tenant {row.tenantId.slice(0, 8)}
          </span>
        ))}
      {!row.applicationId && !row.tenantId && <span className="text-slate-400">—</span>}
    </div>
  );
}

export function AuditEntries({
  rows,
  filterHref,
}: {
  rows: AuditRow[];
  filterHref: (key: string, value: string) => string;
}) {
  return (
    <div className="overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
      {/* Cell styles set once on the table: fifty rows of repeated class lists cost render time. */}
      <table className="min-w-full divide-y divide-slate-200 text-sm [&_td]:px-4 [&_td]:py-3 [&_td]:align-top">
        <caption className="sr-only">Audit entries, newest first</caption>
        <thead className="bg-slate-50">
          <tr>
            {["When", "Actor", "Action", "About", "From", "Context"].map((label) => (
              <th
                key={label}
                scope="col"
                className="whitespace-nowrap px-4 py-3 text-left font-semibold text-slate-700"
              >
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="whitespace-nowrap text-slate-700">
                <time dateTime={row.createdAt.toISOString()}>{formatDateTime(row.createdAt)}</time>
              </td>
              <td className="min-w-48">
                {row.actorLabel || row.actorId ? (
                  <Link
                    href={filterHref("actor", row.actorLabel ?? row.actorId ?? "")}
                    className="break-words text-slate-900 hover:underline"
                  >
                    {row.actorLabel ?? row.actorId}
                  </Link>
                ) : null}
                <div className="text-xs text-slate-500">{row.actorType}</div>
              </td>
              <td>
                <Link
                  href={filterHref("action", row.action)}
                  className="font-mono text-xs text-slate-900 hover:underline"
                >
                  {row.action}
                </Link>
              </td>
              <td>
                <Subject row={row} />
              </td>
              <td className="max-w-56 text-xs text-slate-500">
                <div>{row.ip ?? "—"}</div>
                {row.userAgent && (
                  <div className="truncate" title={row.userAgent}>
                    {row.userAgent}
                  </div>
                )}
              </td>
              <td>
                {row.context === null || row.context === undefined ? (
                  <span className="text-slate-400">—</span>
                ) : (
                  <details>
                    <summary className="cursor-pointer text-xs font-medium text-slate-700">Context</summary>
                    <pre className="mt-2 max-w-md whitespace-pre-wrap break-words rounded bg-slate-50 p-2 text-xs">
                      {JSON.stringify(row.context, null, 2)}
                    </pre>
                  </details>
                )}
              </td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={6} className="text-center text-slate-500">
                No entries match.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
