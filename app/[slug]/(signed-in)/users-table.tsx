"use client";
// The tenant's users: the rows arrive searched, sorted and paged by the server
// (lib/tenant-auth/users.ts), which reads ?q=&sort=&dir=&page= from the URL.
import { DataTable } from "@/components/data-table/data-table";
import { columnHelper } from "@/components/data-table/features";
import { SearchBox } from "@/components/data-table/search-box";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { PAGE_SIZE, type UserPage, type UserRow, userListParams } from "@/lib/tenant-auth/user-list-params";

const STATUS_TONES: Record<string, BadgeTone> = { active: "green", pending: "yellow", suspended: "red" };
const date = (iso: string | null) => (iso ? new Date(iso).toLocaleString("en-GB", { timeZone: "UTC" }) : "Never");

// What the server falls back to (name, ascending), left out of the URL.
const { sort: DEFAULT_SORT, dir: DEFAULT_DIR } = userListParams.parse({});
const PAGE_SIZES = [PAGE_SIZE];

// Every sortable column is one of USER_SORTS; the first click sorts ascending
// (sortDescFirst: false where TanStack would otherwise start dates descending).
const column = columnHelper<UserRow>();
const columns = column.columns([
  column.accessor("name", { header: "Name" }),
  column.accessor("email", { header: "Email" }),
  column.accessor("roles", { header: "Roles", enableSorting: false, cell: (info) => info.getValue().join(", ") }),
  column.accessor("status", {
    header: "Status",
    cell: (info) => <Badge tone={STATUS_TONES[info.getValue()] ?? "gray"}>{info.getValue()}</Badge>,
  }),
  column.accessor("lastLoginAt", {
    header: "Last sign-in (UTC)",
    sortDescFirst: false,
    cell: (info) => date(info.getValue()),
  }),
  column.accessor("createdAt", {
    header: "Created (UTC)",
    sortDescFirst: false,
    cell: (info) => date(info.getValue()),
  }),
]);

const getRowId = (row: UserRow) => row.uuid;

export function UsersTable({ page }: { page: UserPage }) {
  const { sort, dir } = page.params;
  return (
    <div className="mt-4 space-y-3">
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
