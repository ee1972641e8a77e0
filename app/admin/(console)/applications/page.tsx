import type { Metadata } from "next";
import { FilterTabs } from "@/components/data-table/filter-tabs";
import { formatNumber } from "@/components/data-table/format";
import { KeysetPager, keysetLinks } from "@/components/data-table/keyset-pager";
import { SearchBox } from "@/components/data-table/search-box";
import { nextSearch } from "@/components/data-table/url-state";
import { adminPage } from "@/lib/auth/admin-page";
import { DEFAULT_PAGE_SIZE, PAGE_SIZES, parseListParams } from "@/lib/platform/applications/list-params";
import { listApplications } from "@/lib/platform/applications/queries";
import { STATUS_LABELS } from "@/lib/platform/applications/status";
import { ApplicationsTable } from "./applications-table";

export const metadata: Metadata = { title: "Applications" };

// The review queue first; then the way through provisioning; then the applications that ended without a
// tenant, and those still waiting for the applicant's email (kept out of "Pending review": unproven, often spam).
const TAB_ORDER = [
  "pending",
  "approved",
  "provisioning_started",
  "provisioning_failed",
  "provisioned",
  "rejected",
  "expired",
  "closed",
  "unconfirmed",
] as const satisfies readonly (keyof typeof STATUS_LABELS)[];
export const dynamic = "force-dynamic";

export default async function ApplicationsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // The layout redirects too, but renders in parallel with the page: check here as well.
  await adminPage();
  const raw = await searchParams;
  const params = parseListParams(raw);
  const page = await listApplications(params);
  const tabs = [
    { label: "All", count: page.all, countLabel: page.allCapped ? `${formatNumber(page.all)}+` : undefined },
    ...TAB_ORDER.map((status) => ({ value: status, label: STATUS_LABELS[status], count: page.counts[status] })),
  ];
  const current = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) current.set(key, first);
  }
  const path = "/admin/applications";
  const total = `${formatNumber(page.total)}${page.totalCapped ? "+" : ""}`;
  const summary =
    page.rows.length === 0
      ? "No rows"
      : `${formatNumber(page.rows.length)} shown of ${total}${params.q ? " matching" : ""}`;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold tracking-tight">Applications</h1>
          <p className="mt-1 text-sm text-slate-600">
            Review organizations' applications and follow their provisioning.
          </p>
        </div>
        <SearchBox label="Search applications" placeholder="Organization, slug, email or reference" />
      </div>
      <FilterTabs param="status" label="Filter by status" tabs={tabs} />
      <ApplicationsTable
        rows={page.rows}
        pageSize={page.pageSize}
        sort={{ id: params.sort, desc: params.dir === "desc" }}
        statusLabels={STATUS_LABELS}
        pager={
          <KeysetPager
            summary={summary}
            links={keysetLinks(path, current, page)}
            pageSizes={PAGE_SIZES.map((size) => ({
              size,
              current: size === page.pageSize,
              href: `${path}${nextSearch(current, { pageSize: size }, { pageSize: DEFAULT_PAGE_SIZE })}`,
            }))}
          />
        }
      />
    </div>
  );
}
