import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { type InvitationLookup, lookupInvitation } from "@/lib/platform/admin-accounts";
import { ROLE_LABELS } from "@/lib/platform/permissions";
import { AcceptInvitationForm } from "./accept-form";

export const dynamic = "force-dynamic";
// The token is in this page's address: never send it to another site as a referrer.
export const metadata: Metadata = { title: "Join the platform console", referrer: "no-referrer" };

const PROBLEMS: Record<Extract<InvitationLookup, { ok: false }>["problem"], string> = {
  unknown:
    "This invitation link is not valid: it may have been withdrawn, replaced by a newer invitation, or copied incompletely. Ask an owner to invite you again.",
  used: "This invitation was used already. If it was you, sign in with the password you chose.",
  expired: "This invitation has expired. Ask an owner to invite you again.",
};

// Public, like /admin/login: outside the console's layout, the token is the proof.
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await lookupInvitation(token);
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-6 py-12">
      <p className="text-sm font-semibold text-indigo-600">Election Platform · Admin</p>
      {invitation.ok ? (
        <>
          <h1 className="mt-1 text-2xl font-bold tracking-tight">Join the platform console</h1>
          <p className="mt-2 text-sm text-slate-600">
            <strong className="text-slate-900">{invitation.name}</strong> ({invitation.email}), you are invited as{" "}
            <strong className="text-slate-900">{ROLE_LABELS[invitation.role].toLowerCase()}</strong>. Choose your
            password to join.
          </p>
          <Card className="mt-6">
            <AcceptInvitationForm token={token} />
          </Card>
        </>
      ) : (
        <>
          <h1 className="mt-1 text-2xl font-bold tracking-tight">This invitation cannot be used</h1>
          <div className="mt-4">
            <Alert tone="warning">{PROBLEMS[invitation.problem]}</Alert>
          </div>
          <p className="mt-4 text-sm text-slate-600">
            <Link href="/admin/login" className="font-semibold text-indigo-600">
              Platform admin sign-in
            </Link>
          </p>
        </>
      )}
    </main>
  );
}
