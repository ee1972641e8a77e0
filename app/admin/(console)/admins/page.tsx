import type { Metadata } from "next";
import { Card, CardTitle } from "@/components/ui/card";
import { adminPage } from "@/lib/auth/admin-page";
import { env } from "@/lib/env";
import { listAdmins } from "@/lib/platform/admin-accounts";
import { type AdminRow, AdminsTable } from "./admins-table";
import { InvitationList } from "./invitation-list";
import { InviteForm } from "./invite-form";

export const metadata: Metadata = { title: "Platform admins" };
export const dynamic = "force-dynamic";

export default async function AdminsPage() {
  const session = await adminPage("admins.manage");
  const { admins, invitations } = await listAdmins();
  // Plain values for the browser: ids as text, two-factor as yes or no.
  const rows: AdminRow[] = admins.map((a) => ({
    id: a.id.toString(),
    email: a.email,
    name: a.name,
    role: a.role,
    status: a.status,
    twoFactor: a.totpEnabledAt !== null,
    lastLoginAt: a.lastLoginAt?.toISOString() ?? null,
  }));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Platform admins</h1>
        <p className="mt-1 text-sm text-slate-600">
          Who can open this console, and as what: owners manage everything, reviewers review applications and operate
          tenants, viewers read.
        </p>
      </div>
      <AdminsTable rows={rows} currentId={session.userId} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card className="space-y-4">
          <CardTitle>Invite an admin</CardTitle>
          <InviteForm mailbox={!env().RESEND_API_KEY} />
        </Card>
        <InvitationList invitations={invitations} />
      </div>
    </div>
  );
}
