import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { normalizeSlug, slugProblem } from "@/lib/platform/slugs";
import { joinLinkMessage, loadJoinLink } from "@/lib/tenant-auth/join";
import { JoinForm } from "./join-form";

export const dynamic = "force-dynamic";
// The token is in this page's address: never send it to another site as a referrer.
export const metadata: Metadata = { title: "Join your organization", referrer: "no-referrer" };

// Public, like the sign-in page: the token is the proof, and it is looked up in
// this slug's tenant database only. An unusable link shows only why.
export default async function JoinPage({ params }: { params: Promise<{ slug: string; token: string }> }) {
  const { slug: rawSlug, token } = await params;
  const slug = normalizeSlug(rawSlug);
  if (slugProblem(slug)) notFound();
  const link = await loadJoinLink(slug, token);
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-6 py-12">
      <p className="text-sm font-semibold text-indigo-600">Election Platform</p>
      {link.ok ? (
        <>
          <h1 className="mt-1 text-2xl font-bold tracking-tight">Join {link.organizationName}</h1>
          <p className="mt-2 text-sm text-slate-600">
            <strong className="text-slate-900">{link.name}</strong> ({link.email}), you are invited as{" "}
            <strong className="text-slate-900">{link.role.toLowerCase()}</strong>. Choose your password to join.
          </p>
          <Card className="mt-6">
            <JoinForm slug={slug} token={token} />
          </Card>
        </>
      ) : (
        <>
          <h1 className="mt-1 text-2xl font-bold tracking-tight">This invitation cannot be used</h1>
          <div className="mt-4">
            <Alert tone="warning">{joinLinkMessage(link.problem)}</Alert>
          </div>
          <p className="mt-4 text-sm text-slate-600">
            <Link href={`/${slug}/login`} className="font-semibold text-indigo-600">
              Sign in
            </Link>
          </p>
        </>
      )}
    </main>
  );
}
