// The application's status history and full audit trail (who, when, from
// where, with what notes), and the emails sent about it.
import Link from "next/link";
import { formatDateTime } from "@/components/data-table/format";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { auditActionLabel, statusHistory } from "@/lib/platform/applications/history";
import type { ApplicationDetail } from "@/lib/platform/applications/queries";
import { STATUS_LABELS } from "@/lib/platform/applications/status";
import type { EmailWithDelivery } from "@/lib/platform/email-events";
import { DeliveryBadge } from "../../outbox/delivery-badge";
import { StatusBadge } from "../status-badge";

type Entry = ApplicationDetail["auditTrail"][number];

/** The context's simple values as "key: value" lines; nested values are summarized. */
function contextLines(context: Entry["context"]): [string, string][] {
  if (!context || typeof context !== "object" || Array.isArray(context)) return [];
  return Object.entries(context)
    .filter(([, value]) => value !== null && value !== undefined && value !== "")
    .map(([key, value]) => [key, typeof value === "object" ? JSON.stringify(value).slice(0, 200) : String(value)]);
}

export function AuditTrail({ entries, emails }: { entries: Entry[]; emails: EmailWithDelivery[] }) {
  const history = statusHistory(entries);
  return (
    <Card>
      <CardTitle>Status history</CardTitle>
      <ol className="mt-3 flex flex-wrap items-center gap-2 text-sm" aria-label="Status history">
        {history.map((change, i) => (
          <li key={`${change.status}-${change.at.toISOString()}`} className="flex items-center gap-2">
            {i > 0 && (
              <span aria-hidden="true" className="text-slate-400">
                →
              </span>
            )}
            <StatusBadge status={change.status} label={STATUS_LABELS[change.status]} />
            <span className="text-xs text-slate-500">{formatDateTime(change.at)}</span>
          </li>
        ))}
        {history.length === 0 && <li className="text-slate-500">No recorded changes.</li>}
      </ol>

      <h3 className="mt-6 text-sm font-semibold text-slate-900">Audit trail</h3>
      <ol className="mt-2 divide-y divide-slate-100" aria-label="Audit trail">
        {entries.map((entry) => (
          <li key={entry.id.toString()} className="py-3 text-sm">
            <div className="flex flex-wrap items-baseline gap-x-2">
              <span className="font-medium text-slate-900">{auditActionLabel(entry.action)}</span>
              <span className="text-slate-600">by {entry.actorLabel ?? entry.actorType}</span>
              <Badge>{entry.actorType}</Badge>
              <time className="ml-auto text-xs text-slate-500" dateTime={entry.createdAt.toISOString()}>
                {formatDateTime(entry.createdAt)}
              </time>
            </div>
            {(entry.ip || entry.userAgent) && (
              <p className="mt-1 break-all text-xs text-slate-500">
                {entry.ip ?? "unknown address"}
                {entry.userAgent && ` · ${entry.userAgent}`}
              </p>
            )}
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
      </ol>

      <h3 className="mt-6 text-sm font-semibold text-slate-900">Emails</h3>
      <ul className="mt-2 space-y-1 text-sm">
        {emails.map((email) => (
          <li key={email.id} className="flex flex-wrap items-baseline gap-2">
            <Link href={`/admin/outbox/${email.id}`} className="text-indigo-700 hover:underline">
              {email.subject}
            </Link>
            <span className="text-xs text-slate-500">
              to {email.toAddress} · {email.status} · {formatDateTime(email.createdAt)}
            </span>
            <DeliveryBadge delivery={email.delivery} />
          </li>
        ))}
        {emails.length === 0 && <li className="text-slate-500">None yet.</li>}
      </ul>
    </Card>
  );
}
