import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { confirmationLinkMessage, inspectConfirmationLink } from "@/lib/platform/applications/confirm";
import { ConfirmButton } from "./confirm-button";

export const dynamic = "force-dynamic";
// The token is in this page's address: never send it to another site as a referrer, nor to a search index.
export const metadata: Metadata = {
  title: "Confirm your application",
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};

/** Shows what the link confirms; only the button (a POST) confirms it. */
export default async function ConfirmApplicationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await inspectConfirmationLink(token);
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-6 py-12">
      <p className="text-sm font-semibold text-indigo-600">Election Platform</p>
      {link.state === "usable" ? (
        <>
          <h1 className="mt-1 text-2xl font-bold tracking-tight">
            Confirm your application for {link.organizationName}
          </h1>
          <p className="mt-2 text-sm text-slate-600">
            Reference <span className="font-mono text-slate-900">{link.reference}</span>. Confirming shows that this
            email address is yours; the application then goes to a platform admin for review.
          </p>
          <Card className="mt-6">
            <ConfirmButton token={token} />
          </Card>
        </>
      ) : (
        <>
          <h1 className="mt-1 text-2xl font-bold tracking-tight">This link cannot be used</h1>
          <div className="mt-4">
            <Alert tone="warning">{confirmationLinkMessage(link.state)}</Alert>
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
