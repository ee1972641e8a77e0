import type { Metadata } from "next";
import { KeysetPager, keysetLinks } from "@/components/data-table/keyset-pager";
import { nextSearch } from "@/components/data-table/url-state";
import { adminPage } from "@/lib/auth/admin-page";
import { auditActions, listAuditLog } from "@/lib/platform/audit-log";
import { activeFilters, parseAuditLogParams } from "@/lib/platform/audit-log-params";
import { can } from "@/lib/platform/permissions";
import { AuditEntries } from "./audit-entries";
import { AuditFilterForm } from "./audit-filters";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

export default async function AuditLogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await adminPage();
  const params = parseAuditLogParams(await searchParams);
  const [page, actions] = await Promise.all([listAuditLog(params), auditActions()]);
  const filters = activeFilters(params);
  const current = new URLSearchParams(filters);
  if (params.after) current.set("after", params.after);
  if (params.before) current.set("before", params.before);
  if (params.last) current.set("last", "1");
  const path = "/admin/audit";
  const exportHref = `${path}/export${nextSearch(new URLSearchParams(filters), {})}`;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold tracking-tight">Audit log</h1>
          <p className="mt-1 text-sm text-slate-600">
            Everything done on the platform: who, what, about which application or tenant, when and from where.
          </p>
        </div>
        {can(session.role, "tenants.operate") && (
          <a
            href={exportHref}
            download
            className="inline-flex items-center rounded-md bg-white px-3.5 py-2 text-sm font-semibold text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
          >
            Export CSV
          </a>
        )}
      </div>
      <AuditFilterForm filters={params} actions={actions} />
      <AuditEntries rows={page.rows} filterHref={(key, value) => `${path}${nextSearch(current, { [key]: value })}`} />
      <KeysetPager
        summary={
          page.rows.length === 0
            ? "No entries"
            : `${page.rows.length} ${page.rows.length === 1 ? "entry" : "entries"}, newest first`
        }
        links={keysetLinks(path, current, page)}
      />
    </div>
  );
}
