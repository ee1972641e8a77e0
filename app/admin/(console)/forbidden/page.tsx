import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { adminPage } from "@/lib/auth/admin-page";
import { deniedMessage, isPermission, ROLE_LABELS } from "@/lib/platform/permissions";

export const metadata: Metadata = { title: "Not for your role" };
export const dynamic = "force-dynamic";

// Where adminPage() sends an admin whose role lacks a page's permission. The
// permission comes from the address, so only a real one is named.
export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ need?: string | string[] }> }) {
  const session = await adminPage("account.self");
  const { need } = await searchParams;
  const reason = isPermission(need) ? deniedMessage(need) : "Your role cannot open that page.";
  return (
    <Card className="mx-auto max-w-lg space-y-3">
      <h1 className="text-xl font-bold tracking-tight">You cannot open that page</h1>
      <p className="text-sm text-slate-700">{reason}</p>
      <p className="text-sm text-slate-600">
        You are signed in as {session.email} with the role {ROLE_LABELS[session.role].toLowerCase()}. An owner can
        change your role.
      </p>
      <Link
        href="/admin/applications"
        className="inline-block text-sm font-medium text-indigo-600 hover:text-indigo-500"
      >
        ← Back to the console
      </Link>
    </Card>
  );
}
