import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { adminPage } from "@/lib/auth/admin-page";
import { env } from "@/lib/env";
import { Enrolment } from "./enrolment";

export const metadata: Metadata = { title: "Two-factor sign-in" };
export const dynamic = "force-dynamic";

export default async function TwoFactorPage() {
  const session = await adminPage("account.self");
  // adminPage sends an admin here when the deployment requires two-factor and theirs is off.
  const required = env().PLATFORM_REQUIRE_2FA && !session.twoFactor;
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Two-factor sign-in</h1>
        <p className="mt-1 text-sm text-slate-600">
          A code from an authenticator app on your phone, asked for at every sign-in after your password.
        </p>
      </div>
      {required && (
        <Alert tone="warning">
          This platform requires two-factor sign-in for every admin. Turn it on before anything else: until then, only
          this page and your account are open to you.
        </Alert>
      )}
      <Card>
        {session.twoFactor ? (
          <p className="text-sm text-slate-700">
            Two-factor sign-in is on for your account.{" "}
            <Link href="/admin/account" className="font-medium text-indigo-600 hover:text-indigo-500">
              Back to your account
            </Link>
          </p>
        ) : (
          <Enrolment email={session.email} />
        )}
      </Card>
    </div>
  );
}
