import type { Metadata } from "next";
import { FilterTabs } from "@/components/data-table/filter-tabs";
import { SearchBox } from "@/components/data-table/search-box";
import { adminPage } from "@/lib/auth/admin-page";
import { parseTenantListParams, TAB_LABELS, TENANT_TABS } from "@/lib/operations/tenant-list-params";
import { listTenantRows } from "@/lib/operations/tenant-rows";
import { TenantsTable } from "./tenants-table";

export const metadata: Metadata = { title: "Tenants" };
export const dynamic = "force-dynamic";

export default async function TenantsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // The layout redirects too, but renders in parallel with the page: check here as well.
  await adminPage();
  const params = parseTenantListParams(await searchParams);
  const page = await listTenantRows(params);
  const tabs = [
    { label: "All", count: page.all },
    ...TENANT_TABS.map((tab) => ({ value: tab, label: TAB_LABELS[tab], count: page.counts[tab] })),
  ];

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold tracking-tight">Tenants</h1>
          <p className="mt-1 text-sm text-slate-600">
            Every organization's space. Size, migrations, health and users are the latest snapshot of each database.
          </p>
        </div>
        <SearchBox label="Search tenants" placeholder="Slug, name or email" />
      </div>
      <FilterTabs param="tab" label="Filter by status" tabs={tabs} />
      <TenantsTable page={page} sort={{ id: params.sort, desc: params.dir === "desc" }} />
    </div>
  );
}
