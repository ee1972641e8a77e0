import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { tenantPage } from "@/lib/auth/tenant-page";
import { deniedMessage, isTenantPermission } from "@/lib/tenant-auth/roles";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Not for your role" };

// Where tenantPage sends someone whose role cannot open a page. Only a real
// permission named in the address is repeated back.
export default async function ForbiddenPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ need?: string }>;
}) {
  const { tenant } = await tenantPage((await params).slug);
  const { need } = await searchParams;
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <h1 className="text-2xl font-bold tracking-tight">Not for your role</h1>
      <Alert tone="warning">
        {isTenantPermission(need) ? deniedMessage(need) : "Your role cannot open that page."} An admin of your
        organization can change your role.
      </Alert>
      <Link href={`/${tenant.slug}`} className="text-sm font-semibold text-indigo-600">
        Back to the home page
      </Link>
    </div>
  );
}
