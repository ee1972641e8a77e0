"use client";
// A TanStack Table v9 over one server-rendered page of rows. Sorting and
// paging are manual: the table only turns clicks into URL changes, and the
// server page reads the URL, queries that page and renders it again.
import {
  type ColumnDef,
  type PaginationState,
  type RowData,
  type SortingState,
  type Updater,
  useTable,
} from "@tanstack/react-table";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { type DataTableFeatures, dataTableFeatures } from "./features";
import { Pagination } from "./pagination";
import { useUrlState } from "./use-url-state";

export interface DataTableProps<TData extends RowData> {
  // biome-ignore lint/suspicious/noExplicitAny: columns of one table carry different value types
  columns: ColumnDef<DataTableFeatures, TData, any>[];
  data: TData[];
  rowCount: number;
  /** 1-based, as in the URL. */
  page: number;
  pageSize: number;
  /** The rows-per-page choices; one size (a fixed page) hides the choice. */
  pageSizes?: readonly number[];
  sort?: { id: string; desc: boolean };
  /** What the URL omits; kept out of links so they stay short. */
  defaults?: Record<string, string | number>;
  getRowId: (row: TData) => string;
  caption: string;
  empty?: ReactNode;
  /** Paging of its own instead of page numbers (a keyset list's components/data-table/keyset-pager.tsx). */
  pager?: ReactNode;
}

function resolve<T>(updater: Updater<T>, current: T): T {
  return typeof updater === "function" ? (updater as (old: T) => T)(current) : updater;
}

export function DataTable<TData extends RowData>(props: DataTableProps<TData>) {
  const { navigate, isPending } = useUrlState(props.defaults);
  const sorting: SortingState = props.sort ? [props.sort] : [];
  const pagination: PaginationState = { pageIndex: props.page - 1, pageSize: props.pageSize };

  const table = useTable({
    features: dataTableFeatures,
    columns: props.columns,
    data: props.data,
    getRowId: props.getRowId,
    rowCount: props.rowCount,
    manualSorting: true,
    manualPagination: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    state: { sorting, pagination },
    onSortingChange: (updater) => {
      const [first] = resolve(updater, sorting);
      navigate({ sort: first?.id, dir: first ? (first.desc ? "desc" : "asc") : undefined });
    },
    onPaginationChange: (updater) => {
      const next = resolve(updater, pagination);
      if (next.pageSize !== pagination.pageSize) navigate({ pageSize: next.pageSize });
      else navigate({ page: next.pageIndex + 1 });
    },
  });

  const rows = table.getRowModel().rows;
  return (
    <div className="space-y-3">
      <div
        className={cn(
          "overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200 transition-opacity",
          isPending && "opacity-60",
        )}
        aria-busy={isPending || undefined}
      >
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">{props.caption}</caption>
          <thead className="bg-slate-50">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={sorted ? (sorted === "asc" ? "ascending" : "descending") : undefined}
                      className="whitespace-nowrap px-4 py-3 text-left font-semibold text-slate-700"
                    >
                      {header.isPlaceholder ? null : header.column.getCanSort() ? (
                        <button
                          type="button"
                          onClick={header.column.getToggleSortingHandler()}
                          className="inline-flex items-center gap-1 hover:text-slate-950"
                        >
                          <table.FlexRender header={header} />
                          <span aria-hidden="true" className={cn("text-xs", !sorted && "text-slate-300")}>
                            {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
                          </span>
                        </button>
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
            {rows.map((row) => (
              <tr key={row.id} className="hover:bg-slate-50">
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className="px-4 py-3 align-top text-slate-700">
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={props.columns.length} className="px-4 py-10 text-center text-slate-500">
                  {props.empty ?? "Nothing to show."}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {props.pager ?? <Pagination table={table} pageSizes={props.pageSizes} />}
    </div>
  );
}
