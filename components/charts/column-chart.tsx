// Columns per day, drawn on the server as SVG: no chart library, no script.
// The figure around it (chart-figure.tsx) carries the title and the data table.
import { axis, round, shortDay, shortNumber } from "./scale";

const W = 600;
const H = 180;
const M = { top: 8, right: 8, bottom: 22, left: 40 };

export interface Column {
  label: string;
  value: number;
}

export function ColumnChart({
  label,
  columns,
  barClassName = "fill-indigo-500",
  unit,
}: {
  label: string;
  columns: Column[];
  barClassName?: string;
  /** Said after each value in the bars' tooltips ("applications"). */
  unit: string;
}) {
  const { max, ticks } = axis(Math.max(0, ...columns.map((c) => c.value)), { integer: true });
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const slot = plotW / Math.max(1, columns.length);
  const y = (value: number) => M.top + plotH - (value / max) * plotH;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} className="h-auto w-full">
      <title>{label}</title>
      <g className="stroke-slate-200">
        {ticks.map((tick) => (
          <line key={tick} x1={M.left} x2={W - M.right} y1={y(tick)} y2={y(tick)} />
        ))}
      </g>
      <g className="fill-slate-500 text-[10px]">
        {ticks.map((tick) => (
          <text key={tick} x={M.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
            {shortNumber(tick)}
          </text>
        ))}
        {columns.map((column, i) =>
          // A label each week, and the last day's.
          (columns.length - 1 - i) % 7 === 0 ? (
            <text key={column.label} x={round(M.left + i * slot + slot / 2)} y={H - 6} textAnchor="middle">
              {shortDay(column.label)}
            </text>
          ) : null,
        )}
      </g>
      <g className={barClassName}>
        {columns.map((column, i) => {
          const height = round((column.value / max) * plotH);
          return height === 0 ? null : (
            <rect
              key={column.label}
              x={round(M.left + i * slot + slot * 0.15)}
              y={round(M.top + plotH - height)}
              width={round(slot * 0.7)}
              height={height}
              rx={1.5}
            >
              <title>{`${column.label}: ${column.value} ${unit}`}</title>
            </rect>
          );
        })}
      </g>
    </svg>
  );
}
