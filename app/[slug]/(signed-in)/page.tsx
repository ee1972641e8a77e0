import type { Metadata } from "next";
import { Card, CardTitle } from "@/components/ui/card";
import { tenantPage } from "@/lib/auth/tenant-page";
import { userListParams } from "@/lib/tenant-auth/user-list-params";
import { listTenantUsers, loadProfile } from "@/lib/tenant-auth/users";
import { UsersTable } from "./users-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Home" };

// The tenant's home: its name, the signed-in user's profile and the tenant's
// users, all read from the tenant's own database on the server.
export default async function TenantHome({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant, user, db, permissions } = await tenantPage((await params).slug);
  const profile = await loadProfile(db, user.id);
  const users = permissions.has("users.view")
    ? await listTenantUsers(db, tenant.numericId, userListParams.parse(await searchParams))
    : null;
  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm text-slate-500">Organization</p>
        <h1 className="text-2xl font-bold tracking-tight">{tenant.name}</h1>
        <p className="mt-1 text-sm text-slate-600">Your election space at /{tenant.slug}.</p>
      </div>
      <Card>
        <CardTitle>Your profile</CardTitle>
        <dl className="mt-4 grid grid-cols-1 gap-4 text-sm sm:grid-cols-2">
          <Item label="Name" value={profile.name} />
          <Item label="Email" value={profile.email} />
          <Item label="Roles" value={profile.roles.join(", ") || "None"} />
          <Item label="Status" value={profile.status} />
        </dl>
      </Card>
      <Card>
        <CardTitle>Users</CardTitle>
        {users ? (
          <UsersTable page={users} />
        ) : (
          <p className="mt-2 text-sm text-slate-600">Your role does not include seeing the user list.</p>
        )}
      </Card>
    </div>
  );
}

function Item({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="mt-0.5 font-medium text-slate-900">{value}</dd>
    </div>
  );
}
