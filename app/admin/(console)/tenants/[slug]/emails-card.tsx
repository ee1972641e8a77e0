// The tenant's emails, linked to the outbox.
import Link from "next/link";
import { formatDateTime } from "@/components/data-table/format";
import { Card, CardTitle } from "@/components/ui/card";
import type { TenantDetail } from "@/lib/operations/tenant-detail";

export function EmailsCard({ emails }: { emails: TenantDetail["emails"] }) {
  return (
    <Card>
      <CardTitle>Emails</CardTitle>
      <ul className="mt-3 space-y-1 text-sm" aria-label="Emails">
        {emails.map((email) => (
          <li key={email.id} className="flex flex-wrap items-baseline gap-2">
            <Link href={`/admin/outbox/${email.id}`} className="text-indigo-700 hover:underline">
              {email.subject}
            </Link>
            <span className="text-xs text-slate-500">
              to {email.toAddress} · {email.status} · {formatDateTime(email.createdAt)}
            </span>
          </li>
        ))}
        {emails.length === 0 && <li className="text-slate-500">None yet.</li>}
      </ul>
    </Card>
  );
}
