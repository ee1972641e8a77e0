import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { normalizeSlug, slugProblem } from "@/lib/platform/slugs";
import { findOpenTenant } from "@/lib/tenant-auth/tenants";
import { ForgotPasswordForm } from "./forgot-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Forgot your password?" };

// Public, like the sign-in page: it shows the organization's name (public,
// like the address itself) and nothing else of the tenant.
export default async function ForgotPasswordPage({ params }: { params: Promise<{ slug: string }> }) {
  const slug = normalizeSlug((await params).slug);
  if (slugProblem(slug)) notFound();
  const tenant = await findOpenTenant(slug);
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-6">
      <p className="text-sm font-semibold text-indigo-600">Election Platform</p>
      <h1 className="mt-1 text-2xl font-bold tracking-tight">Forgot your password?</h1>
      <p className="mt-1 text-sm text-slate-600">
        Enter the email address you sign in to {tenant?.name ?? slug} with; we will email you a link to choose a new
        password.
      </p>
      <div className="mt-6">
        <ForgotPasswordForm slug={slug} />
      </div>
      <p className="mt-6 text-sm text-slate-600">
        <Link href={`/${slug}/login`} className="font-semibold text-indigo-600 hover:text-indigo-500">
          Back to sign-in
        </Link>
      </p>
    </main>
  );
}
