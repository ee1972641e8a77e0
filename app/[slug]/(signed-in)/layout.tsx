import type { ReactNode } from "react";
import { tenantPage } from "@/lib/auth/tenant-page";
import { SignOutButton } from "./sign-out-button";

// The frame of a tenant's signed-in pages. It only draws: each page checks the
// session for itself (tenantPage), so nothing depends on this layout running.
export default async function TenantLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { tenant, user } = await tenantPage((await params).slug, { passwordChangePage: true });
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center gap-6 px-6 py-3">
          <span className="text-sm font-bold text-indigo-600">{tenant.name}</span>
          <div className="ml-auto flex items-center gap-3 text-sm text-slate-600">
            <span>{user.email}</span>
            <SignOutButton slug={tenant.slug} />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </div>
  );
}
