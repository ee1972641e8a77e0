import type { Metadata } from "next";
import Link from "next/link";
import { formatDateTime } from "@/components/data-table/format";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { applicationStatusView } from "@/lib/platform/applications/status-links";

export const dynamic = "force-dynamic";
// The token is in this page's address: never send it to another site as a referrer, nor to a search index.
export const metadata: Metadata = {
  title: "Your application",
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};

/** Where an application stands, for whoever holds the link from the "application received" email. */
export default async function ApplicationStatusPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const view = await applicationStatusView(token);
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-6 py-12">
      <p className="text-sm font-semibold text-indigo-600">Election Platform</p>
      {view ? (
        <>
          <h1 className="mt-1 text-2xl font-bold tracking-tight">{view.organizationName}</h1>
          <p className="mt-1 text-sm text-slate-600">
            Application <span className="font-mono text-slate-900">{view.reference}</span>
          </p>
          <Card className="mt-6 space-y-3">
            <h2 className="text-lg font-semibold" data-status={view.status}>
              {view.headline}
            </h2>
            <p className="text-sm text-slate-600">{view.detail}</p>
            {view.reason && (
              <p className="whitespace-pre-wrap border-l-4 border-indigo-200 pl-3 text-sm text-slate-900">
                {view.reason}
              </p>
            )}
            {view.spaceUrl && (
              <p className="text-sm">
                Your space:{" "}
                <a href={view.spaceUrl} className="break-all font-semibold text-indigo-600 hover:underline">
                  {view.spaceUrl}
                </a>
              </p>
            )}
            <p className="text-xs text-slate-500">Last change: {formatDateTime(view.updatedAt)}</p>
          </Card>
        </>
      ) : (
        <>
          <h1 className="mt-1 text-2xl font-bold tracking-tight">This link cannot be used</h1>
          <div className="mt-4">
            <Alert tone="warning">
              This link is not valid. Check that you opened the whole link from the "application received" email.
            </Alert>
          </div>
          <p className="mt-4 text-sm text-slate-600">
            <Link href="/apply" className="font-semibold text-indigo-600">
              Apply for your organization
            </Link>
          </p>
        </>
      )}
    </main>
  );
}
