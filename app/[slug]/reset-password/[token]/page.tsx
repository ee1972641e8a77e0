import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { normalizeSlug, slugProblem } from "@/lib/platform/slugs";
import { loadResetLink, resetLinkMessage } from "@/lib/tenant-auth/password-reset";
import { ResetPasswordForm } from "./reset-form";

export const dynamic = "force-dynamic";
// The token is in this page's address: never send it to another site as a referrer, nor to a search index.
export const metadata: Metadata = {
  title: "Choose a new password",
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};

export default async function ResetPasswordPage({ params }: { params: Promise<{ slug: string; token: string }> }) {
  const raw = await params;
  const slug = normalizeSlug(raw.slug);
  if (slugProblem(slug)) notFound();
  const link = await loadResetLink(slug, raw.token);
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-6 py-12">
      <p className="text-sm font-semibold text-indigo-600">Election Platform</p>
      {link.ok ? (
        <>
          <h1 className="mt-1 text-2xl font-bold tracking-tight">Choose a new password</h1>
          <p className="mt-2 text-sm text-slate-600">
            For <strong className="text-slate-900">{link.email}</strong> in{" "}
            <strong className="text-slate-900">{link.organizationName}</strong>. Setting it signs you out everywhere
            else.
          </p>
          <Card className="mt-6">
            <ResetPasswordForm slug={slug} token={raw.token} />
          </Card>
        </>
      ) : (
        <>
          <h1 className="mt-1 text-2xl font-bold tracking-tight">This link cannot be used</h1>
          <div className="mt-4">
            <Alert tone="warning">{resetLinkMessage(link.problem)}</Alert>
          </div>
          <p className="mt-4 text-sm text-slate-600">
            <Link href={`/${slug}/forgot-password`} className="font-semibold text-indigo-600">
              Ask for a new link
            </Link>
          </p>
        </>
      )}
    </main>
  );
}
