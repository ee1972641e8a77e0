// Horizontal bars, one per named row, with an optional darker part inside each
// (failed attempts, of which some ended their run). Server-rendered SVG.
import { axis, round } from "./scale";

const W = 600;
const ROW = 26;
const LABEL = 150;
const VALUE = 70;

export interface Bar {
  label: string;
  value: number;
  /** The part of `value` drawn darker. */
  part?: number;
}

export function BarList({
  label,
  bars,
  tooltip,
}: {
  label: string;
  bars: Bar[];
  /** The tooltip and value text of one bar. */
  tooltip: (bar: Bar) => string;
}) {
  const { max } = axis(Math.max(0, ...bars.map((b) => b.value)), { integer: true });
  const plotW = W - LABEL - VALUE;
  const H = Math.max(1, bars.length) * ROW + 4;
  const width = (value: number) => round((value / max) * plotW);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} className="h-auto w-full">
      <title>{label}</title>
      {bars.map((bar, i) => {
        const y = 2 + i * ROW;
        return (
          <g key={bar.label}>
            <text x={LABEL - 8} y={y + ROW / 2} dy="0.32em" textAnchor="end" className="fill-slate-700 text-[11px]">
              {bar.label}
            </text>
            <rect x={LABEL} y={y + 4} width={width(bar.value)} height={ROW - 8} rx={2} className="fill-amber-400">
              <title>{tooltip(bar)}</title>
            </rect>
            {bar.part ? (
              <rect x={LABEL} y={y + 4} width={width(bar.part)} height={ROW - 8} rx={2} className="fill-rose-600">
                <title>{tooltip(bar)}</title>
              </rect>
            ) : null}
            <text
              x={LABEL + width(bar.value) + 6}
              y={y + ROW / 2}
              dy="0.32em"
              className="fill-slate-600 text-[11px] tabular-nums"
            >
              {bar.value}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
