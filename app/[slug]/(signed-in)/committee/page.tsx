import type { Metadata } from "next";
import { Card, CardTitle } from "@/components/ui/card";
import { tenantPage } from "@/lib/auth/tenant-page";
import { listCommittee } from "@/lib/tenant-auth/committee";
import { CommitteeList } from "./committee-list";
import { MemberForm } from "./member-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Committee" };

// Whoever may see the users sees the committee; who manages it may change it.
export default async function CommitteePage({ params }: { params: Promise<{ slug: string }> }) {
  const request = await tenantPage((await params).slug, { permission: "users.view" });
  const manage = request.permissions.has("committee.manage");
  const members = await listCommittee(request.db, request.tenant.numericId);
  const slug = request.tenant.slug;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Election committee</h1>
        <p className="mt-1 text-sm text-slate-600">
          The people who run {request.tenant.name}'s elections. An entry is linked to the user account with the same
          email, whether it exists now or is made when they join.
        </p>
      </div>
      <CommitteeList slug={slug} members={members} manage={manage} />
      {manage && (
        <Card className="max-w-2xl space-y-4">
          <CardTitle>Add a committee member</CardTitle>
          <MemberForm slug={slug} />
        </Card>
      )}
    </div>
  );
}
