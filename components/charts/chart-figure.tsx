// A chart as a figure: its title, one sentence for screen readers (the SVG is
// role="img" with a label of its own), and the numbers behind it as a table
// behind a "Show data" disclosure, for anyone who would rather read than look.
import type { ReactNode } from "react";

export interface DataTableSpec {
  columns: string[];
  rows: (string | number)[][];
}

export function ChartFigure({
  id,
  title,
  summary,
  data,
  legend,
  children,
}: {
  id: string;
  title: string;
  summary: string;
  /** The numbers behind it; left out where one table serves several charts (ChartData). */
  data?: DataTableSpec;
  legend?: ReactNode;
  children: ReactNode;
}) {
  return (
    <figure aria-labelledby={`${id}-title`} className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <figcaption id={`${id}-title`} className="text-sm font-semibold text-slate-900">
        {title}
      </figcaption>
      <p className="sr-only">{summary}</p>
      {legend && <div className="mt-1 flex flex-wrap gap-4 text-xs text-slate-600">{legend}</div>}
      <div className="mt-3">{children}</div>
      {data && <ChartData title={title} data={data} />}
    </figure>
  );
}

/** A chart's numbers as a table behind a "Show data" disclosure. */
export function ChartData({
  title,
  data,
  summary = "Show data",
}: {
  title: string;
  data: DataTableSpec;
  summary?: string;
}) {
  return (
    <details className="mt-2 text-xs text-slate-600">
      <summary className="cursor-pointer">{summary}</summary>
      <div className="mt-2 max-h-64 overflow-auto">
        <table className="min-w-full text-left tabular-nums [&_td]:pr-4 [&_th]:pr-4 [&_th]:font-semibold [&_th]:text-slate-700">
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              {data.columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row) => (
              <tr key={String(row[0])}>
                {row.map((cell, i) => (
                  <td key={data.columns[i]}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

export function LegendSwatch({ className, label }: { className: string; label: string }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <span aria-hidden="true" className={`inline-block size-2.5 rounded-sm ${className}`} />
      {label}
    </span>
  );
}
