import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { adminPage } from "@/lib/auth/admin-page";
import { env } from "@/lib/env";
import { closingReason } from "@/lib/platform/applications/history";
import { getApplicationDetail } from "@/lib/platform/applications/queries";
import { STATUS_LABELS } from "@/lib/platform/applications/status";
import { applicationEmails } from "@/lib/platform/email-events";
import { can } from "@/lib/platform/permissions";
import { provisioningPanel } from "@/lib/provisioning/timeline";
import { StatusBadge } from "../status-badge";
import { AuditTrail } from "./audit-trail";
import { CloseApplication } from "./close-application";
import { ConfirmOnBehalf } from "./confirm-on-behalf";
import { ApplicationFields } from "./fields";
import { ProvisioningPanel } from "./provisioning-panel";
import { ReviewActions } from "./review-actions";
import { ReviewOutcome } from "./review-outcome";

export const metadata: Metadata = { title: "Application" };
export const dynamic = "force-dynamic";

export default async function ApplicationPage({ params }: { params: Promise<{ id: string }> }) {
  // The layout redirects too, but renders in parallel with the page: check here as well.
  const session = await adminPage();
  // A role that cannot review sees no review or provisioning buttons (the actions refuse it anyway).
  const mayReview = can(session.role, "applications.review");
  const { id } = await params;
  const [detail, provisioning, emails] = await Promise.all([
    getApplicationDetail(id),
    provisioningPanel(id),
    // Each with what the provider reported after sending it.
    applicationEmails(id),
  ]);
  if (!detail) notFound();
  const { application, auditTrail } = detail;

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
          {provisioning && (
            <ProvisioningPanel applicationId={application.id} data={provisioning} mayStart={mayReview} />
          )}
          <AuditTrail entries={auditTrail} emails={emails} />
        </div>
        <div className="space-y-6">
          {application.status === "unconfirmed" &&
            // With a mail provider the applicant must confirm: their address is unproven until then.
            (env().RESEND_API_KEY ? (
              <Alert tone="info">Waiting for the applicant to confirm their email address with the emailed link.</Alert>
            ) : mayReview ? (
              <ConfirmOnBehalf applicationId={application.id} />
            ) : (
              <Alert tone="info">Waiting for the applicant's email confirmation.</Alert>
            ))}
          <ReviewActions
            applicationId={application.id}
            contactEmail={application.contactEmail}
            pending={mayReview && application.status === "pending"}
            outcome={<ReviewOutcome application={application} closedReason={closingReason(auditTrail)} />}
          />
          {mayReview && application.status === "provisioning_failed" && (
            <CloseApplication
              applicationId={application.id}
              contactEmail={application.contactEmail}
              slug={application.requestedSlug}
            />
          )}
        </div>
      </div>
    </div>
  );
}
