import Link from "next/link";
import type { ReactNode } from "react";
import { adminPage } from "@/lib/auth/admin-page";
import { SignOutButton } from "./sign-out-button";

const nav = [
  { href: "/admin/applications", label: "Applications" },
  { href: "/admin/outbox", label: "Outbox" },
];

// Every page below this layout needs a platform session. Pages and actions
// still check for themselves (adminPage, adminAction); this is the friendly redirect.
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const session = await adminPage();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl items-center gap-6 px-6 py-3">
          <Link href="/admin/applications" className="text-sm font-bold text-indigo-600">
            Election Platform · Admin
          </Link>
          <nav aria-label="Admin" className="flex gap-4 text-sm">
            {nav.map((item) => (
              <Link key={item.href} href={item.href} className="text-slate-600 hover:text-slate-900">
                {item.label}
              </Link>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm text-slate-600">
            <span>{session.email}</span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-6 py-8">{children}</main>
    </div>
  );
}
