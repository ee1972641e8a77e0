// Axis arithmetic for the server-rendered charts. Pure.

export interface Axis {
  max: number;
  ticks: number[];
}

/**
 * An axis from 0 to a round value at or above `max`, with about `count`
 * steps of 1, 2, 2.5 or 5 times a power of ten; counts (`integer`) step by
 * whole numbers, so a chart of 0 or 1 a day says 0, 1, 2, not 0.25, 0.5.
 */
export function axis(max: number, { integer = false, count = 4 } = {}): Axis {
  if (!(max > 0)) return { max: 1, ticks: [0, 1] };
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const multiples = integer && power < 10 ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10];
  const step = Math.max(integer ? 1 : 0, (multiples.find((m) => m * power >= rough) ?? 10) * power);
  const top = Math.max(step, Math.ceil(max / step) * step);
  return { max: top, ticks: Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step) };
}

/** "1.2k", "340", "2.5 s" for axis labels: short, no locale. */
export function shortNumber(value: number): string {
  if (value >= 1_000_000) return `${trim(value / 1_000_000)}M`;
  if (value >= 1000) return `${trim(value / 1000)}k`;
  return trim(value);
}

export function shortDuration(ms: number): string {
  return ms >= 1000 ? `${trim(ms / 1000)} s` : `${Math.round(ms)} ms`;
}

function trim(value: number): string {
  return value >= 100 || Number.isInteger(value) ? String(Math.round(value)) : value.toFixed(1).replace(/\.0$/, "");
}

/** A coordinate to one decimal: the SVG stays small and looks the same. */
export function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** "11-28" from "2026-11-28": the axis shows month and day. */
export function shortDay(day: string): string {
  return day.slice(5);
}
