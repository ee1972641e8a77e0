// Prometheus's text exposition format (0.0.4): each metric family as a
// "# HELP" and a "# TYPE" line followed by its samples, label values escaped.
// Pure, so the metrics route and its tests share one writer.

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export type MetricType = "counter" | "gauge" | "histogram";

export interface Sample {
  /** Appended to the family's name: `_bucket`, `_sum` and `_count` for a histogram. */
  suffix?: string;
  labels?: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const escapeHelp = (text: string) => text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
const escapeLabel = (text: string) => text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

function labels(set: Record<string, string> | undefined): string {
  const entries = Object.entries(set ?? {});
  if (entries.length === 0) return "";
  for (const [name] of entries) if (!LABEL.test(name)) throw new Error(`Bad label name: ${name}`);
  return `{${entries.map(([name, value]) => `${name}="${escapeLabel(value)}"`).join(",")}}`;
}

export function exposition(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    if (!NAME.test(family.name)) throw new Error(`Bad metric name: ${family.name}`);
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      lines.push(`${family.name}${sample.suffix ?? ""}${labels(sample.labels)} ${formatValue(sample.value)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** A gauge or counter with one sample per value of one label (every expected value, 0 when absent). */
export function labelled(
  base: Omit<MetricFamily, "samples">,
  label: string,
  values: readonly string[],
  counts: ReadonlyMap<string, number>,
): MetricFamily {
  const all = [...new Set([...values, ...counts.keys()])];
  return { ...base, samples: all.map((value) => ({ labels: { [label]: value }, value: counts.get(value) ?? 0 })) };
}

/**
 * A histogram from observations already counted: `atMost[i]` observations
 * were <= `bounds[i]` (cumulative), out of `count` in all, summing to `sum`.
 */
export function histogram(
  base: Omit<MetricFamily, "samples" | "type">,
  bounds: readonly number[],
  atMost: readonly number[],
  count: number,
  sum: number,
): MetricFamily {
  return {
    ...base,
    type: "histogram",
    samples: [
      ...bounds.map((bound, i) => ({ suffix: "_bucket", labels: { le: formatValue(bound) }, value: atMost[i] ?? 0 })),
      { suffix: "_bucket", labels: { le: "+Inf" }, value: count },
      { suffix: "_sum", value: sum },
      { suffix: "_count", value: count },
    ],
  };
}
