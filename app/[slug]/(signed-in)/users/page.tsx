import type { Metadata } from "next";
import { Card, CardTitle } from "@/components/ui/card";
import { tenantPage } from "@/lib/auth/tenant-page";
import { env } from "@/lib/env";
import { userListParams } from "@/lib/tenant-auth/user-list-params";
import { loadUsersPage } from "@/lib/tenant-auth/users";
import { InvitationList } from "./invitation-list";
import { InviteForm } from "./invite-form";
import { TeamTable } from "./team-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Users" };

// Everyone who may see the users sees the table; those who manage users also
// get the row actions, the invite form and the open invitations.
export default async function UsersPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const request = await tenantPage((await params).slug, { permission: "users.view" });
  const manage = request.permissions.has("users.manage");
  const { users, invitations } = await loadUsersPage(request, userListParams.parse(await searchParams), { manage });
  const slug = request.tenant.slug;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Users</h1>
        <p className="mt-1 text-sm text-slate-600">
          Everyone who can sign in to {request.tenant.name}'s space, and what their role lets them do.
        </p>
      </div>
      <TeamTable page={users} slug={slug} manage={manage} selfId={request.user.uuid} />
      {manage && (
        <div className="grid gap-6 lg:grid-cols-2">
          <Card className="space-y-4">
            <CardTitle>Invite someone</CardTitle>
            <InviteForm slug={slug} mailbox={!env().RESEND_API_KEY} />
          </Card>
          <InvitationList slug={slug} invitations={invitations ?? []} />
        </div>
      )}
    </div>
  );
}
