import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { tenantPage } from "@/lib/auth/tenant-page";
import { ChangePasswordForm } from "./change-password-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Change your password" };

export default async function ChangePasswordPage({ params }: { params: Promise<{ slug: string }> }) {
  const { tenant, user } = await tenantPage((await params).slug, { passwordChangePage: true });
  return (
    <div className="mx-auto max-w-md space-y-6">
      <h1 className="text-2xl font-bold tracking-tight">Change your password</h1>
      {user.mustChangePassword && (
        <Alert tone="warning">
          You signed in with the initial password from the welcome email. Choose a password of your own to continue.
        </Alert>
      )}
      <Card>
        <ChangePasswordForm slug={tenant.slug} />
      </Card>
    </div>
  );
}
