// Every field of the application, as submitted. React escapes all of it, so
// whatever an applicant typed (HTML, SQL) shows as text.
import type { ReactNode } from "react";
import { formatDateTime, formatNumber } from "@/components/data-table/format";
import { Card, CardTitle } from "@/components/ui/card";
import { env } from "@/lib/env";
import { countryName } from "@/lib/platform/applications/countries";
import { organizationTypeLabel } from "@/lib/platform/applications/input";
import type { ApplicationDetail } from "@/lib/platform/applications/queries";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-2.5 sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-medium text-slate-500">{label}</dt>
      <dd className="text-sm text-slate-900 sm:col-span-2 break-words">{children}</dd>
    </div>
  );
}

const none = <span className="text-slate-400">—</span>;

export function ApplicationFields({ application: a }: { application: ApplicationDetail["application"] }) {
  return (
    <Card>
      <CardTitle>Application</CardTitle>
      <dl className="mt-3 divide-y divide-slate-100">
        <Row label="Organization">{a.organizationName}</Row>
        <Row label="Type">{organizationTypeLabel(a.organizationType)}</Row>
        <Row label="Country">
          {countryName(a.country)} ({a.country})
        </Row>
        <Row label="Expected voters">{formatNumber(a.expectedVoters)}</Row>
        <Row label="Requested slug">
          <span className="font-mono">{a.requestedSlug}</span>
          <span className="ml-2 text-slate-500">
            {env().APP_URL}/{a.requestedSlug}
          </span>
        </Row>
        <Row label="Contact">
          {a.contactFirstName} {a.contactLastName}
        </Row>
        <Row label="Contact email">
          <a href={`mailto:${a.contactEmail}`} className="text-indigo-700 hover:underline">
            {a.contactEmail}
          </a>
        </Row>
        <Row label="Note">{a.note ? <span className="whitespace-pre-wrap">{a.note}</span> : none}</Row>
        <Row label="Submitted">
          {formatDateTime(a.createdAt)}
          {a.submittedIp && <span className="text-slate-500"> from {a.submittedIp}</span>}
        </Row>
        <Row label="Last change">{formatDateTime(a.updatedAt)}</Row>
        {a.tenant && (
          <Row label="Tenant">
            <span className="font-mono">{a.tenant.slug}</span> ({a.tenant.deletedAt ? "deleted" : a.tenant.status})
          </Row>
        )}
        {a.provisioningStartedAt && <Row label="Provisioning started">{formatDateTime(a.provisioningStartedAt)}</Row>}
        {a.provisioningCompletedAt && <Row label="Provisioned">{formatDateTime(a.provisioningCompletedAt)}</Row>}
        {a.failureReason && (
          <Row label="Failure">
            <span className="whitespace-pre-wrap text-rose-700">{a.failureReason}</span>
          </Row>
        )}
      </dl>
    </Card>
  );
}
