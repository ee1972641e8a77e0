"use client";
// The applications list's columns. The rows arrive already sorted and paged
// (by keyset) by the server (lib/platform/applications/queries.ts); the pager
// comes built from the page.
import Link from "next/link";
import { type ReactNode, useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { columnHelper } from "@/components/data-table/features";
import { formatDateTime } from "@/components/data-table/format";
import { DEFAULT_PAGE_SIZE, type SortableColumn } from "@/lib/platform/applications/list-params";
import type { ApplicationRow } from "@/lib/platform/applications/queries";
import { ProvisioningBadge, StatusBadge } from "./status-badge";

const column = columnHelper<ApplicationRow>();

type StatusLabels = Record<ApplicationRow["status"], string>;

// Built per set of labels (which come from the server with the page), so this
// browser bundle never imports the state machine's module and its database client.
function makeColumns(statusLabels: StatusLabels) {
  return column.columns([
    column.accessor("organizationName", {
      header: "Organization",
      cell: (info) => (
        <div className="min-w-48">
          <Link
            href={`/admin/applications/${info.row.original.id}`}
            className="font-medium text-indigo-700 hover:underline"
          >
            {info.getValue()}
          </Link>
          <div className="font-mono text-xs text-slate-500">{info.row.original.reference}</div>
        </div>
      ),
    }),
    column.accessor("requestedSlug", {
      header: "Slug",
      cell: (info) => <span className="font-mono text-xs">{info.getValue()}</span>,
    }),
    column.accessor("contactEmail", {
      header: "Contact",
      cell: (info) => (
        <div>
          <div>{info.row.original.contactName}</div>
          <div className="text-xs text-slate-500">{info.getValue()}</div>
        </div>
      ),
    }),
    column.accessor("status", {
      header: "Status",
      cell: (info) => <StatusBadge status={info.getValue()} label={statusLabels[info.getValue()]} />,
    }),
    column.display({
      id: "provisioning",
      header: "Provisioning",
      enableSorting: false,
      cell: (info) => <ProvisioningBadge status={info.row.original.status} />,
    }),
    column.accessor("createdAt", {
      header: "Submitted",
      sortDescFirst: true,
      cell: (info) => (
        <time dateTime={info.getValue()} className="whitespace-nowrap">
          {formatDateTime(info.getValue())}
        </time>
      ),
    }),
  ]);
}

const getRowId = (row: ApplicationRow) => row.id;

export function ApplicationsTable({
  rows,
  pageSize,
  sort,
  statusLabels,
  pager,
}: {
  rows: ApplicationRow[];
  pageSize: number;
  sort: { id: SortableColumn; desc: boolean };
  statusLabels: StatusLabels;
  /** Keyset paging (components/data-table/keyset-pager.tsx), built by the page. */
  pager: ReactNode;
}) {
  const columns = useMemo(() => makeColumns(statusLabels), [statusLabels]);
  return (
    <DataTable
      caption="Applications"
      columns={columns}
      data={rows}
      rowCount={rows.length}
      page={1}
      pageSize={pageSize}
      sort={sort}
      defaults={{ sort: "createdAt", dir: "desc", pageSize: DEFAULT_PAGE_SIZE }}
      getRowId={getRowId}
      empty="No applications match."
      pager={pager}
    />
  );
}
