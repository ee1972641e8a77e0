import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { loadSetupLink, setupLinkMessage } from "@/lib/tenant-auth/setup-password";
import { SetupPasswordForm } from "./setup-form";

export const dynamic = "force-dynamic";
// The token is in this page's address: never send it to another site as a referrer.
export const metadata: Metadata = { title: "Choose your password", referrer: "no-referrer" };

export default async function SetupPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await loadSetupLink(token);
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-6 py-12">
      <p className="text-sm font-semibold text-indigo-600">Election Platform</p>
      {link.ok ? (
        <>
          <h1 className="mt-1 text-2xl font-bold tracking-tight">Choose your password</h1>
          <p className="mt-2 text-sm text-slate-600">
            For <strong className="text-slate-900">{link.email}</strong>, administrator of{" "}
            <strong className="text-slate-900">{link.organizationName}</strong>.
          </p>
          <Card className="mt-6">
            <SetupPasswordForm token={token} />
          </Card>
        </>
      ) : (
        <>
          <h1 className="mt-1 text-2xl font-bold tracking-tight">This link cannot be used</h1>
          <div className="mt-4">
            <Alert tone="warning">{setupLinkMessage(link.problem)}</Alert>
          </div>
          <p className="mt-4 text-sm text-slate-600">
            <Link href="/" className="font-semibold text-indigo-600">
              Go to the Election Platform
            </Link>
          </p>
        </>
      )}
    </main>
  );
}
