import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { tenantPage } from "@/lib/auth/tenant-page";
import { loadProfilePage } from "@/lib/tenant-auth/profile";
import { NameForm } from "./name-form";
import { SessionList } from "./session-list";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your profile" };

export default async function ProfilePage({ params }: { params: Promise<{ slug: string }> }) {
  const request = await tenantPage((await params).slug);
  const { profile, sessions } = await loadProfilePage(request);
  const slug = request.tenant.slug;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Your profile</h1>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
          {profile.email}
          {profile.roles.map((role) => (
            <Badge key={role}>{role}</Badge>
          ))}
        </p>
      </div>

      <Card className="space-y-4">
        <CardTitle>Name</CardTitle>
        <p className="text-sm text-slate-600">
          Your email, {profile.email}, is how you sign in; an admin of your organization can invite you under another.
        </p>
        <NameForm slug={slug} firstName={profile.firstName} lastName={profile.lastName} />
      </Card>

      <Card className="space-y-3">
        <CardTitle>Password</CardTitle>
        <p className="text-sm text-slate-600">Your other sessions end when you change it.</p>
        <Link
          href={`/${slug}/change-password`}
          className="inline-flex rounded-md bg-white px-3.5 py-2 text-sm font-semibold text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50"
        >
          Change your password
        </Link>
      </Card>

      <SessionList slug={slug} sessions={sessions} currentId={request.sessionId} />
    </div>
  );
}
