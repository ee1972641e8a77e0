import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { adminPage } from "@/lib/auth/admin-page";
import { env } from "@/lib/env";
import { getApplicationDetail } from "@/lib/platform/applications/queries";
import { STATUS_LABELS } from "@/lib/platform/applications/status";
import { provisioningPanel } from "@/lib/provisioning/timeline";
import { StatusBadge } from "../status-badge";
import { AuditTrail } from "./audit-trail";
import { ConfirmOnBehalf } from "./confirm-on-behalf";
import { ApplicationFields } from "./fields";
import { ProvisioningPanel } from "./provisioning-panel";
import { ReviewActions } from "./review-actions";
import { ReviewOutcome } from "./review-outcome";

export const metadata: Metadata = { title: "Application" };
export const dynamic = "force-dynamic";

export default async function ApplicationPage({ params }: { params: Promise<{ id: string }> }) {
  // The layout redirects too, but renders in parallel with the page: check here as well.
  await adminPage();
  const { id } = await params;
  const [detail, provisioning] = await Promise.all([getApplicationDetail(id), provisioningPanel(id)]);
  if (!detail) notFound();
  const { application, auditTrail, emails } = detail;

  return (
    <div className="space-y-6">
      <div>
        <Link href="/admin/applications" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
          ← Applications
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold tracking-tight">{application.organizationName}</h1>
          <StatusBadge status={application.status} label={STATUS_LABELS[application.status]} />
        </div>
        <p className="mt-1 font-mono text-sm text-slate-500">{application.reference}</p>
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <ApplicationFields application={application} />
          {provisioning && <ProvisioningPanel applicationId={application.id} data={provisioning} />}
          <AuditTrail entries={auditTrail} emails={emails} />
        </div>
        <div className="space-y-6">
          {application.status === "unconfirmed" &&
            // With a mail provider the applicant must confirm: their address is unproven until then.
            (env().RESEND_API_KEY ? (
              <Alert tone="info">Waiting for the applicant to confirm their email address with the emailed link.</Alert>
            ) : (
              <ConfirmOnBehalf applicationId={application.id} />
            ))}
          <ReviewActions
            applicationId={application.id}
            contactEmail={application.contactEmail}
            pending={application.status === "pending"}
            outcome={<ReviewOutcome application={application} />}
          />
        </div>
      </div>
    </div>
  );
}
