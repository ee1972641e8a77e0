"use client";
// The tenants list's columns. The rows arrive already sorted and paged by
// the server (lib/operations/tenant-rows.ts), from landlord tables only.
import Link from "next/link";
import { DataTable } from "@/components/data-table/data-table";
import { columnHelper } from "@/components/data-table/features";
import { formatDateTime, formatNumber } from "@/components/data-table/format";
import { DEFAULT_TENANT_PAGE_SIZE, TENANT_PAGE_SIZES, type TenantSort } from "@/lib/operations/tenant-list-params";
import type { TenantListPage, TenantRow } from "@/lib/operations/tenant-rows";
import { formatBytes, HealthBadge, MigrationBadge, TenantStatusBadges } from "./tenant-badges";

const column = columnHelper<TenantRow>();

function When({ value }: { value: string | null }) {
  if (!value) return <span className="text-slate-400">never</span>;
  return (
    <time dateTime={value} className="whitespace-nowrap">
      {formatDateTime(value)}
    </time>
  );
}

// Column ids are the sort keys the server knows (tenant-list-params.ts).
const columns = column.columns([
  column.accessor("slug", {
    header: "Slug",
    cell: (info) => (
      <Link
        href={`/admin/tenants/${info.getValue()}`}
        className="font-mono text-xs font-medium text-indigo-700 hover:underline"
      >
        {info.getValue()}
      </Link>
    ),
  }),
  column.accessor("name", {
    header: "Name",
    cell: (info) => (
      <div className="min-w-40">
        <div className="font-medium text-slate-900">{info.getValue()}</div>
        <div className="text-xs text-slate-500">{info.row.original.email}</div>
      </div>
    ),
  }),
  column.accessor("status", {
    header: "Status",
    enableSorting: false,
    cell: (info) => <TenantStatusBadges {...info.row.original} />,
  }),
  column.accessor("createdAt", {
    header: "Created",
    sortDescFirst: true,
    cell: (info) => <When value={info.getValue()} />,
  }),
  column.accessor((row) => row.snapshot?.databaseBytes ?? null, {
    id: "databaseBytes",
    header: "Database",
    sortDescFirst: true,
    cell: (info) => <span className="whitespace-nowrap tabular-nums">{formatBytes(info.getValue())}</span>,
  }),
  column.display({
    id: "migrations",
    header: "Migrations",
    cell: (info) => <MigrationBadge snapshot={info.row.original.snapshot} />,
  }),
  column.display({
    id: "health",
    header: "Health",
    cell: (info) => <HealthBadge snapshot={info.row.original.snapshot} />,
  }),
  column.accessor((row) => row.snapshot?.users ?? null, {
    id: "usersCount",
    header: "Users",
    sortDescFirst: true,
    cell: (info) => {
      const users = info.getValue();
      const admins = info.row.original.snapshot?.admins;
      if (users === null) return <span className="text-slate-400">—</span>;
      return (
        <span className="whitespace-nowrap tabular-nums">
          {formatNumber(users)}
          {admins !== null && admins !== undefined && <span className="text-xs text-slate-500"> · {admins} admin</span>}
        </span>
      );
    },
  }),
  column.accessor("lastSignInAt", {
    header: "Last sign-in",
    sortDescFirst: true,
    cell: (info) => <When value={info.getValue()} />,
  }),
]);

const getRowId = (row: TenantRow) => row.id;

export function TenantsTable({ page, sort }: { page: TenantListPage; sort: { id: TenantSort; desc: boolean } }) {
  return (
    <DataTable
      caption="Tenants"
      columns={columns}
      data={page.rows}
      rowCount={page.total}
      page={page.page}
      pageSize={page.pageSize}
      pageSizes={TENANT_PAGE_SIZES}
      sort={sort}
      defaults={{ sort: "createdAt", dir: "desc", pageSize: DEFAULT_TENANT_PAGE_SIZE }}
      getRowId={getRowId}
      empty="No tenants match."
    />
  );
}
