// The TanStack Table v9 features our tables use. Every table here is
// server-driven (manual sorting and paging), so no client row models are registered.
import {
  createColumnHelper,
  type RowData,
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
} from "@tanstack/react-table";

export const dataTableFeatures = tableFeatures({ rowSortingFeature, rowPaginationFeature });
export type DataTableFeatures = typeof dataTableFeatures;

export function columnHelper<TData extends RowData>() {
  return createColumnHelper<DataTableFeatures, TData>();
}
