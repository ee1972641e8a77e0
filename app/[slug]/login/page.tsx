import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { currentSession, type PortalSession } from "@/lib/auth/session";
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
  // Signed in elsewhere (another tenant, or the platform): say so; signing in here replaces that session.
  const elsewhere = await currentSession();
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-6">
      <p className="text-sm font-semibold text-indigo-600">Election Platform</p>
      <h1 className="mt-1 text-2xl font-bold tracking-tight">Sign in to {tenant?.name ?? slug}</h1>
      <p className="mt-1 text-sm text-slate-600">Your organization's election space.</p>
      {elsewhere && (
        <div className="mt-4">
          <Alert tone="info">{sessionNotice(elsewhere, slug)}</Alert>
        </div>
      )}
      <div className="mt-6">
        <TenantLoginForm slug={slug} passwordJustSet={setup === "done"} />
      </div>
      <p className="mt-4 text-center text-sm">
        <Link href={`/${slug}/forgot-password`} className="font-medium text-indigo-600 hover:text-indigo-500">
          Forgot your password?
        </Link>
      </p>
    </main>
  );
}

function sessionNotice(session: PortalSession, slug: string): string {
  if (session.realm === "platform") return "You are signed in as a platform admin. Signing in here ends that session.";
  if (session.tenantSlug === slug) return "Your session has ended. Sign in again.";
  return `You are signed in to another organization's space (/${session.tenantSlug}). Signing in here ends that session.`;
}
