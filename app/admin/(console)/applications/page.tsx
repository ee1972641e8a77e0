import { requirePlatformAdmin } from "@/lib/auth/session";
import { landlord } from "@/lib/db/landlord";

export const dynamic = "force-dynamic";

export default async function ApplicationsPage() {
  await requirePlatformAdmin();
  const count = await landlord().tenantApplication.count();
  return (
    <div>
      <h1 className="text-2xl font-bold tracking-tight">Applications</h1>
      <p className="mt-2 text-sm text-slate-600">{count} application(s).</p>
    </div>
  );
}
