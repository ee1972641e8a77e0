"use client";
// "26–50 of 20,000 · Page 2 of 800", previous/next and rows per page (left
// out when there is only one size to choose), driven by the table's
// pagination API (which, being manual, changes only the URL).
import type { ReactTable, RowData } from "@tanstack/react-table";
import { Button } from "@/components/ui/button";
import type { DataTableFeatures } from "./features";
import { formatNumber } from "./format";

export function Pagination<TData extends RowData>({
  table,
  pageSizes = [10, 25, 50, 100],
}: {
  table: ReactTable<DataTableFeatures, TData>;
  pageSizes?: readonly number[];
}) {
  const { pageIndex, pageSize } = table.state.pagination;
  const total = table.getRowCount();
  const pageCount = table.getPageCount();
  const from = total === 0 ? 0 : pageIndex * pageSize + 1;
  const to = Math.min(total, (pageIndex + 1) * pageSize);

  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600">
      <p>
        {formatNumber(from)}–{formatNumber(to)} of {formatNumber(total)}
      </p>
      <div className="flex flex-wrap items-center gap-3">
        {pageSizes.length > 1 && (
          <label className="flex items-center gap-2">
            Rows per page
            <select
              value={pageSize}
              onChange={(event) => table.setPageSize(Number(event.target.value))}
              className="rounded-md border-0 bg-white py-1 pl-2 pr-7 text-sm ring-1 ring-inset ring-slate-300"
            >
              {pageSizes.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </select>
          </label>
        )}
        <span aria-current="page">
          Page {formatNumber(pageIndex + 1)} of {formatNumber(Math.max(1, pageCount))}
        </span>
        <Button variant="secondary" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()}>
          Previous
        </Button>
        <Button variant="secondary" onClick={() => table.nextPage()} disabled={!table.getCanNextPage()}>
          Next
        </Button>
      </div>
    </nav>
  );
}
