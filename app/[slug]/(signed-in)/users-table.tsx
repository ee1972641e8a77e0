"use client";

import { createColumnHelper, tableFeatures, useTable } from "@tanstack/react-table";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { UserListParams, UserPage, UserRow, UserSort } from "@/lib/tenant-auth/users";

// Server-driven: the page arrives sorted, searched and paged by the server
// (lib/tenant-auth/users.ts); the table renders it and keeps its state in the
// URL, so no client row models are registered.
const features = tableFeatures({});
const helper = createColumnHelper<typeof features, UserRow>();

const STATUS_TONES: Record<string, BadgeTone> = { active: "green", pending: "yellow", suspended: "red" };
const date = (iso: string | null) => (iso ? new Date(iso).toLocaleString("en-GB", { timeZone: "UTC" }) : "Never");

const columns = helper.columns([
  helper.accessor("name", { header: "Name" }),
  helper.accessor("email", { header: "Email" }),
  helper.accessor("roles", { header: "Roles", cell: (info) => info.getValue().join(", ") }),
  helper.accessor("status", {
    header: "Status",
    cell: (info) => <Badge tone={STATUS_TONES[info.getValue()] ?? "gray"}>{info.getValue()}</Badge>,
  }),
  helper.accessor("lastLoginAt", { header: "Last sign-in (UTC)", cell: (info) => date(info.getValue()) }),
  helper.accessor("createdAt", { header: "Created (UTC)", cell: (info) => date(info.getValue()) }),
]);

const SORTABLE = new Set<string>(["name", "email", "status", "lastLoginAt", "createdAt"]);

function href(pathname: string, params: UserListParams, changes: Partial<UserListParams>): string {
  const next = { ...params, ...changes };
  const search = new URLSearchParams();
  if (next.q) search.set("q", next.q);
  if (next.sort !== "name") search.set("sort", next.sort);
  if (next.dir !== "asc") search.set("dir", next.dir);
  if (next.page > 1) search.set("page", String(next.page));
  const query = search.toString();
  return query ? `${pathname}?${query}` : pathname;
}

export function UsersTable({ page }: { page: UserPage }) {
  const pathname = usePathname();
  const table = useTable({ features, columns, data: page.rows });
  const { params } = page;

  return (
    <div className="mt-4 space-y-3">
      <form method="get" action={pathname} className="flex gap-2">
        <input
          name="q"
          defaultValue={params.q}
          aria-label="Search users"
          placeholder="Search by name or email"
          className="w-72 rounded-md px-3 py-1.5 text-sm ring-1 ring-inset ring-slate-300"
        />
        {params.sort !== "name" && <input type="hidden" name="sort" value={params.sort} />}
        {params.dir !== "asc" && <input type="hidden" name="dir" value={params.dir} />}
        <button type="submit" className="rounded-md px-3 py-1.5 text-sm font-semibold ring-1 ring-inset ring-slate-300">
          Search
        </button>
      </form>
      <div className="overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const id = header.column.id;
                  const active = params.sort === id;
                  const sortable = SORTABLE.has(id);
                  const nextDir = active && params.dir === "asc" ? "desc" : "asc";
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      className="px-3 py-2 text-left font-semibold text-slate-700"
                      aria-sort={active ? (params.dir === "asc" ? "ascending" : "descending") : undefined}
                    >
                      {sortable ? (
                        <Link href={href(pathname, params, { sort: id as UserSort, dir: nextDir, page: 1 })}>
                          <table.FlexRender header={header} />
                          {active ? (params.dir === "asc" ? " ↑" : " ↓") : ""}
                        </Link>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-slate-100">
            {table.getRowModel().rows.map((row) => (
              <tr key={row.original.uuid}>
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className="px-3 py-2 text-slate-900">
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
            {page.rows.length === 0 && (
              <tr>
                <td colSpan={columns.length} className="px-3 py-6 text-center text-slate-500">
                  No users match.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pages" className="flex items-center justify-between text-sm text-slate-600">
        <span>
          {page.total} user(s) · page {page.page} of {page.pageCount}
        </span>
        <span className="flex gap-3">
          {page.page > 1 && <Link href={href(pathname, params, { page: page.page - 1 })}>Previous</Link>}
          {page.page < page.pageCount && <Link href={href(pathname, params, { page: page.page + 1 })}>Next</Link>}
        </span>
      </nav>
    </div>
  );
}
