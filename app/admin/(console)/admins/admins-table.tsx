"use client";
// Every platform admin on one page (there are few), with what an owner may
// change on each row. The rows come from the server; the actions refresh them.
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { columnHelper } from "@/components/data-table/features";
import { formatDateTime } from "@/components/data-table/format";
import { Badge } from "@/components/ui/badge";
import { type PlatformRole, ROLE_LABELS } from "@/lib/platform/permissions";
import { AdminRowActions } from "./admin-row-actions";

export interface AdminRow {
  id: string;
  email: string;
  name: string;
  role: PlatformRole;
  status: "active" | "disabled";
  twoFactor: boolean;
  lastLoginAt: string | null;
}

const column = columnHelper<AdminRow>();

function makeColumns(currentId: string) {
  return column.columns([
    column.accessor("email", {
      header: "Admin",
      enableSorting: false,
      cell: (info) => (
        <div className="min-w-48">
          <div className="font-medium text-slate-900">{info.getValue()}</div>
          <div className="text-xs text-slate-500">{info.row.original.name}</div>
        </div>
      ),
    }),
    column.accessor("role", {
      header: "Role",
      enableSorting: false,
      cell: (info) => (
        <Badge tone={info.getValue() === "owner" ? "indigo" : "gray"}>{ROLE_LABELS[info.getValue()]}</Badge>
      ),
    }),
    column.accessor("status", {
      header: "Status",
      enableSorting: false,
      cell: (info) => <Badge tone={info.getValue() === "active" ? "green" : "red"}>{info.getValue()}</Badge>,
    }),
    column.accessor("twoFactor", {
      header: "Two-factor",
      enableSorting: false,
      cell: (info) => <Badge tone={info.getValue() ? "green" : "yellow"}>{info.getValue() ? "on" : "off"}</Badge>,
    }),
    column.accessor("lastLoginAt", {
      header: "Last sign-in",
      enableSorting: false,
      cell: (info) => {
        const value = info.getValue();
        return value ? (
          <time dateTime={value} className="whitespace-nowrap">
            {formatDateTime(value)}
          </time>
        ) : (
          <span className="text-slate-400">never</span>
        );
      },
    }),
    column.display({
      id: "actions",
      header: "Actions",
      enableSorting: false,
      cell: (info) => <AdminRowActions admin={info.row.original} self={info.row.original.id === currentId} />,
    }),
  ]);
}

const getRowId = (row: AdminRow) => row.id;

export function AdminsTable({ rows, currentId }: { rows: AdminRow[]; currentId: string }) {
  const columns = useMemo(() => makeColumns(currentId), [currentId]);
  const size = Math.max(rows.length, 1);
  return (
    <DataTable
      caption="Platform admins"
      columns={columns}
      data={rows}
      rowCount={rows.length}
      page={1}
      pageSize={size}
      pageSizes={[size]}
      getRowId={getRowId}
      empty="No admins."
    />
  );
}
