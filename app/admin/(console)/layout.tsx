import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { adminPage } from "@/lib/auth/admin-page";
import { can, type Permission, ROLE_LABELS } from "@/lib/platform/permissions";
import { SignOutButton } from "./sign-out-button";

// Each link shows only to a role that may open it (the page checks again).
const nav: { href: string; label: string; permission: Permission }[] = [
  { href: "/admin", label: "Overview", permission: "platform.read" },
  { href: "/admin/applications", label: "Applications", permission: "platform.read" },
  { href: "/admin/tenants", label: "Tenants", permission: "platform.read" },
  { href: "/admin/servers", label: "Servers", permission: "tenants.destroy" },
  { href: "/admin/outbox", label: "Outbox", permission: "platform.read" },
  { href: "/admin/audit", label: "Audit log", permission: "platform.read" },
  { href: "/admin/admins", label: "Admins", permission: "admins.manage" },
];

// Every page below this layout needs a platform session. Pages and actions
// still check for themselves (adminPage, adminAction); this is the friendly redirect.
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const session = await adminPage("account.self");
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-6 py-3">
          <Link href="/admin/applications" className="text-sm font-bold text-indigo-600">
            Election Platform · Admin
          </Link>
          <nav aria-label="Admin" className="flex gap-4 text-sm">
            {nav
              .filter((item) => can(session.role, item.permission))
              .map((item) => (
                <Link key={item.href} href={item.href} className="text-slate-600 hover:text-slate-900">
                  {item.label}
                </Link>
              ))}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm text-slate-600">
            <span>{session.email}</span>
            <Badge tone={session.role === "owner" ? "indigo" : "gray"}>{ROLE_LABELS[session.role]}</Badge>
            <Link href="/admin/account" className="font-medium text-slate-700 hover:text-slate-900">
              Account
            </Link>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-6 py-8">{children}</main>
    </div>
  );
}
