import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { adminPage } from "@/lib/auth/admin-page";
import { listPlatformSessions } from "@/lib/platform/admin-sessions";
import { ROLE_LABELS } from "@/lib/platform/permissions";
import { ChangePasswordForm } from "./change-password-form";
import { NewRecoveryCodes } from "./new-recovery-codes";
import { SessionList } from "./session-list";

export const metadata: Metadata = { title: "Your account" };
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const session = await adminPage("account.self");
  const sessions = await listPlatformSessions(BigInt(session.userId));
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Your account</h1>
        <p className="mt-1 flex items-center gap-2 text-sm text-slate-600">
          {session.name} · {session.email} <Badge>{ROLE_LABELS[session.role]}</Badge>
        </p>
      </div>

      <Card className="space-y-3">
        <div className="flex items-center justify-between gap-4">
          <CardTitle>Two-factor sign-in</CardTitle>
          <Badge tone={session.twoFactor ? "green" : "yellow"}>{session.twoFactor ? "On" : "Off"}</Badge>
        </div>
        {session.twoFactor ? (
          <>
            <p className="text-sm text-slate-600">
              Signing in asks for a code from your authenticator app, or one of your recovery codes.
            </p>
            <NewRecoveryCodes email={session.email} />
          </>
        ) : (
          <>
            <p className="text-sm text-slate-600">
              With two-factor sign-in, a stolen password alone does not open your account: signing in also asks for a
              code from an authenticator app on your phone.
            </p>
            <Link
              href="/admin/account/two-factor"
              className="inline-flex rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500"
            >
              Turn on two-factor sign-in
            </Link>
          </>
        )}
      </Card>

      <SessionList sessions={sessions} currentId={session.sessionId} />

      <Card className="space-y-4">
        <CardTitle>Change your password</CardTitle>
        <p className="text-sm text-slate-600">Your other sessions end when you change it.</p>
        <ChangePasswordForm />
      </Card>
    </div>
  );
}
