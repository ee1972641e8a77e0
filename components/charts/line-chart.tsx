// Lines per day (p50 and p95 of provisioning durations), drawn on the server as
// SVG. A day with no value breaks the line; a lone day gets a dot.
import { axis, round, shortDay } from "./scale";

const W = 600;
const H = 180;
const M = { top: 8, right: 8, bottom: 22, left: 48 };

export interface Series {
  name: string;
  /** Tailwind stroke and fill classes, e.g. "stroke-indigo-500 fill-indigo-500". */
  className: string;
  values: (number | null)[];
}

export function LineChart({
  label,
  days,
  series,
  format,
}: {
  label: string;
  days: string[];
  series: Series[];
  format: (value: number) => string;
}) {
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const { max, ticks } = axis(Math.max(0, ...all));
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const slot = plotW / Math.max(1, days.length);
  const x = (i: number) => round(M.left + i * slot + slot / 2);
  const y = (value: number) => round(M.top + plotH - (value / max) * plotH);

  /** "M x y L x y ..." with a new "M" after every gap. */
  const path = (values: (number | null)[]) => {
    let d = "";
    let pen = false;
    values.forEach((value, i) => {
      if (value === null) {
        pen = false;
        return;
      }
      d += `${pen ? "L" : "M"}${x(i)} ${y(value)} `;
      pen = true;
    });
    return d.trim();
  };

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
            {format(tick)}
          </text>
        ))}
        {days.map((day, i) =>
          (days.length - 1 - i) % 7 === 0 ? (
            <text key={day} x={x(i)} y={H - 6} textAnchor="middle">
              {shortDay(day)}
            </text>
          ) : null,
        )}
      </g>
      {series.map((s) => (
        <g key={s.name} className={s.className}>
          <path d={path(s.values)} fill="none" strokeWidth={2} strokeLinejoin="round" />
          {s.values.map((value, i) =>
            // A day with no neighbour draws no line: a dot shows it.
            value === null || s.values[i - 1] != null || s.values[i + 1] != null ? null : (
              <circle key={days[i]} cx={x(i)} cy={y(value)} r={2.5} className="stroke-none">
                <title>{`${days[i]} ${s.name}: ${format(value)}`}</title>
              </circle>
            ),
          )}
        </g>
      ))}
    </svg>
  );
}
