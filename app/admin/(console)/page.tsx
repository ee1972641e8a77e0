import type { Metadata } from "next";
import { adminPage } from "@/lib/auth/admin-page";
import { loadOverview } from "@/lib/operations/overview";
import { OverviewCharts } from "./_overview/charts";
import { Figures } from "./_overview/figures";
import { RecentActivity } from "./_overview/recent-activity";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  // The layout checks too, but renders in parallel with the page: check here as well.
  await adminPage();
  const overview = await loadOverview();
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Overview</h1>
        <p className="mt-1 text-sm text-slate-600">The platform at a glance: the last 30 days, in UTC.</p>
      </div>
      <Figures overview={overview} />
      <OverviewCharts overview={overview} />
      <RecentActivity entries={overview.recent} />
    </div>
  );
}
