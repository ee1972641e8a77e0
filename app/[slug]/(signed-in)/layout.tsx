import Link from "next/link";
import type { ReactNode } from "react";
import { tenantPage } from "@/lib/auth/tenant-page";
import type { TenantPermission } from "@/lib/tenant-auth/permissions";
import { SignOutButton } from "./sign-out-button";

// Each link shows only to a role that may open it (the page checks again).
const nav: { path: string; label: string; permission?: TenantPermission }[] = [
  { path: "", label: "Home" },
  { path: "/users", label: "Users", permission: "users.view" },
  { path: "/committee", label: "Committee", permission: "users.view" },
  { path: "/profile", label: "Profile" },
];

// The frame of a tenant's signed-in pages. It only draws: each page checks the
// session for itself (tenantPage), so nothing depends on this layout running.
export default async function TenantLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { tenant, user, permissions } = await tenantPage((await params).slug, { passwordChangePage: true });
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center gap-6 px-6 py-3">
          <span className="text-sm font-bold text-indigo-600">{tenant.name}</span>
          {/* Until the initial password is replaced, every page sends them to change it: no links to follow. */}
          {!user.mustChangePassword && (
            <nav aria-label="Organization" className="flex gap-4 text-sm">
              {nav
                .filter((item) => !item.permission || permissions.has(item.permission))
                .map((item) => (
                  <Link
                    key={item.path}
                    href={`/${tenant.slug}${item.path}`}
                    className="text-slate-600 hover:text-slate-900"
                  >
                    {item.label}
                  </Link>
                ))}
            </nav>
          )}
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
