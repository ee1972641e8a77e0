"use client";
// The organization's users, searched, sorted and paged by the server
// (lib/tenant-auth/users.ts reads ?q=&sort=&dir=&page=). Those who manage
// users get each row's actions; the server checks the permission again.
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { columnHelper } from "@/components/data-table/features";
import { formatDateTime } from "@/components/data-table/format";
import { SearchBox } from "@/components/data-table/search-box";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { isTenantRole, ROLE_LABELS } from "@/lib/tenant-auth/roles";
import { PAGE_SIZE, type UserPage, type UserRow, userListParams } from "@/lib/tenant-auth/user-list-params";
import { UserRowActions } from "./user-row-actions";

const STATUS_TONES: Record<string, BadgeTone> = {
  active: "green",
  pending: "yellow",
  inactive: "red",
  suspended: "red",
};
const { sort: DEFAULT_SORT, dir: DEFAULT_DIR } = userListParams.parse({});
const PAGE_SIZES = [PAGE_SIZE];
const roleLabel = (role: string) => (isTenantRole(role) ? ROLE_LABELS[role] : role);

const column = columnHelper<UserRow>();

function makeColumns(slug: string, manage: boolean, selfId: string) {
  return column.columns([
    column.accessor("name", {
      header: "Name",
      cell: (info) => (
        <div className="min-w-40">
          <div className="font-medium text-slate-900">
            {info.getValue()}
            {info.row.original.uuid === selfId && <span className="ml-2 text-xs text-slate-500">(you)</span>}
          </div>
        </div>
      ),
    }),
    column.accessor("email", { header: "Email" }),
    column.accessor("roles", {
      header: "Role",
      enableSorting: false,
      cell: (info) => (
        <span className="flex flex-wrap gap-1">
          {info.getValue().map((role) => (
            <Badge key={role} tone={role === "tenant_admin" ? "indigo" : "gray"}>
              {roleLabel(role)}
            </Badge>
          ))}
        </span>
      ),
    }),
    column.accessor("status", {
      header: "Status",
      cell: (info) => <Badge tone={STATUS_TONES[info.getValue()] ?? "gray"}>{info.getValue()}</Badge>,
    }),
    column.accessor("lastLoginAt", {
      header: "Last sign-in",
      sortDescFirst: false,
      cell: (info) => {
        const value = info.getValue();
        return value ? formatDateTime(value) : <span className="text-slate-400">never</span>;
      },
    }),
    ...(manage
      ? [
          column.display({
            id: "actions",
            header: "Actions",
            enableSorting: false,
            cell: (info) => (
              <UserRowActions slug={slug} user={info.row.original} self={info.row.original.uuid === selfId} />
            ),
          }),
        ]
      : []),
  ]);
}

const getRowId = (row: UserRow) => row.uuid;

export function TeamTable({
  page,
  slug,
  manage,
  selfId,
}: {
  page: UserPage;
  slug: string;
  manage: boolean;
  selfId: string;
}) {
  const columns = useMemo(() => makeColumns(slug, manage, selfId), [slug, manage, selfId]);
  const { sort, dir } = page.params;
  return (
    <div className="space-y-3">
      <SearchBox label="Search users" placeholder="Search by name or email" />
      <DataTable
        caption="Users"
        columns={columns}
        data={page.rows}
        rowCount={page.total}
        page={page.page}
        pageSize={PAGE_SIZE}
        pageSizes={PAGE_SIZES}
        sort={{ id: sort, desc: dir === "desc" }}
        defaults={{ sort: DEFAULT_SORT, dir: DEFAULT_DIR }}
        getRowId={getRowId}
        empty="No users match."
      />
    </div>
  );
}
