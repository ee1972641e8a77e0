import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { formatDateTime } from "@/components/data-table/format";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { platformActor } from "@/lib/auth/actor";
import { adminPage } from "@/lib/auth/admin-page";
import { viewOutboxEmail } from "@/lib/platform/outbox";
import { can } from "@/lib/platform/permissions";
import { DeliveryBadge } from "../delivery-badge";

export const metadata: Metadata = { title: "Email" };
export const dynamic = "force-dynamic";

function Header({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex gap-3 text-sm">
      <dt className="w-20 shrink-0 text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-slate-900">{children}</dd>
    </div>
  );
}

export default async function OutboxEmailPage({ params }: { params: Promise<{ id: string }> }) {
  // The layout redirects too, but renders in parallel with the page: check here as well.
  const session = await adminPage();
  const { id } = await params;
  const view = await viewOutboxEmail(id, await platformActor(session), {
    mayReadSecrets: can(session.role, "email.read_secrets"),
  });
  if (!view) notFound();
  const { email } = view;

  return (
    <div className="space-y-6">
      <Link href="/admin/outbox" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
        ← Outbox
      </Link>
      <Card className="space-y-4">
        <h1 className="text-xl font-bold">{email.subject}</h1>
        <dl className="space-y-1">
          <Header label="From">{email.fromAddress}</Header>
          <Header label="To">{email.toAddress}</Header>
          <Header label="Date">{formatDateTime(email.createdAt)}</Header>
          <Header label="Status">
            <Badge tone={email.status === "failed" ? "red" : email.status === "sent" ? "green" : "gray"}>
              {email.status}
            </Badge>
            {email.error && <span className="ml-2 text-rose-700">{email.error}</span>}
          </Header>
          {view.delivery && (
            <Header label="Delivery">
              <DeliveryBadge delivery={view.delivery} />{" "}
              <span className="text-slate-600">
                {formatDateTime(view.delivery.at)}
                {view.delivery.detail && ` · ${view.delivery.detail}`}
              </span>
            </Header>
          )}
          <Header label="Template">
            <span className="font-mono text-xs">{email.template}</span>
          </Header>
          {email.applicationId && (
            <Header label="About">
              <Link href={`/admin/applications/${email.applicationId}`} className="text-indigo-700 hover:underline">
                the application
              </Link>
            </Header>
          )}
        </dl>
        {view.withheld && (
          <Alert tone="info">
            This email carries a link or password meant for its recipient alone; only an owner can see it here.
          </Alert>
        )}
        {view.revealed && (
          <Alert tone="warning">
            This is the development mailbox: no email provider is configured, so this email was not sent anywhere and
            the link and password in it are shown here. Each view is recorded in the audit log. With a provider, a
            secret is never shown in the console.
          </Alert>
        )}
        {/* The stored HTML as the recipient gets it (secrets as this viewer may see them). An empty sandbox runs no script and gives
            the document no access to this page, whatever the email contains. */}
        <iframe
          title={`Email: ${email.subject}`}
          sandbox=""
          srcDoc={view.html}
          className="h-[640px] w-full rounded-lg bg-white ring-1 ring-slate-200"
        />
        <details>
          <summary className="cursor-pointer text-sm font-medium text-slate-700">Plain-text version</summary>
          <pre className="mt-2 whitespace-pre-wrap rounded-lg bg-slate-50 p-4 text-xs text-slate-800 ring-1 ring-slate-200">
            {view.text}
          </pre>
        </details>
      </Card>
    </div>
  );
}
