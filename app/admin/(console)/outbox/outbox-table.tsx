"use client";
// The outbox list's columns: newest first, paged on the server.
import Link from "next/link";
import { DataTable } from "@/components/data-table/data-table";
import { columnHelper } from "@/components/data-table/features";
import { formatDateTime } from "@/components/data-table/format";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { OutboxPage, OutboxRow } from "@/lib/platform/outbox";
import { DeliveryBadge } from "./delivery-badge";

const STATUS_TONES: Record<string, BadgeTone> = { stored: "gray", sending: "blue", sent: "green", failed: "red" };

const column = columnHelper<OutboxRow>();
const columns = column.columns([
  column.accessor("subject", {
    header: "Subject",
    enableSorting: false,
    cell: (info) => (
      <Link href={`/admin/outbox/${info.row.original.id}`} className="font-medium text-indigo-700 hover:underline">
        {info.getValue()}
      </Link>
    ),
  }),
  column.accessor("toAddress", { header: "To", enableSorting: false }),
  column.accessor("template", {
    header: "Template",
    enableSorting: false,
    cell: (info) => <span className="font-mono text-xs">{info.getValue()}</span>,
  }),
  column.accessor("status", {
    header: "Status",
    enableSorting: false,
    cell: (info) => <Badge tone={STATUS_TONES[info.getValue()] ?? "gray"}>{info.getValue()}</Badge>,
  }),
  column.accessor("delivery", {
    header: "Delivery",
    enableSorting: false,
    cell: (info) => <DeliveryBadge delivery={info.getValue()} />,
  }),
  column.accessor("createdAt", {
    header: "Created",
    enableSorting: false,
    cell: (info) => (
      <time dateTime={info.getValue()} className="whitespace-nowrap">
        {formatDateTime(info.getValue())}
      </time>
    ),
  }),
]);

const getRowId = (row: OutboxRow) => row.id;

export function OutboxTable({ page }: { page: OutboxPage }) {
  return (
    <DataTable
      caption="Emails, newest first"
      columns={columns}
      data={page.rows}
      rowCount={page.total}
      page={page.page}
      pageSize={page.pageSize}
      defaults={{ pageSize: 25 }}
      getRowId={getRowId}
      empty="No emails yet."
    />
  );
}
