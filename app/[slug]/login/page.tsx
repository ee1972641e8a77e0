import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { requireTenantSession } from "@/lib/auth/tenant";
import { normalizeSlug, slugProblem } from "@/lib/platform/slugs";
import { findOpenTenant } from "@/lib/tenant-auth/tenants";
import { TenantLoginForm } from "./login-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

// The one page under /{slug} that needs no session. It shows the organization's
// name (public, like the address itself) and nothing else of the tenant.
export default async function TenantLoginPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ setup?: string }>;
}) {
  const slug = normalizeSlug((await params).slug);
  if (slugProblem(slug)) notFound();
  const signedIn = await requireTenantSession(slug, { allowPendingPasswordChange: true }).catch(() => null);
  if (signedIn) redirect(`/${slug}`);
  const tenant = await findOpenTenant(slug);
  const { setup } = await searchParams;
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-6">
      <p className="text-sm font-semibold text-indigo-600">Election Platform</p>
      <h1 className="mt-1 text-2xl font-bold tracking-tight">Sign in to {tenant?.name ?? slug}</h1>
      <p className="mt-1 text-sm text-slate-600">Your organization's election space.</p>
      <div className="mt-6">
        <TenantLoginForm slug={slug} passwordJustSet={setup === "done"} />
      </div>
    </main>
  );
}
