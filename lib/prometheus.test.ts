import { describe, expect, it } from "vitest";
import { exposition, formatValue, histogram, labelled } from "./prometheus";

describe("the Prometheus text format", () => {
  it("writes HELP and TYPE before each family's samples, labels escaped", () => {
    const text = exposition([
      {
        name: "demo_things",
        help: "Things,\nby kind \\ colour.",
        type: "gauge",
        samples: [{ labels: { kind: 'say "hi"\\\n' }, value: 2 }, { value: 0.5 }],
      },
    ]);
    expect(text).toBe(
      [
        "# HELP demo_things Things,\\nby kind \\\\ colour.",
        "# TYPE demo_things gauge",
        'demo_things{kind="say \\"hi\\"\\\\\\n"} 2',
        "demo_things 0.5",
        "",
      ].join("\n"),
    );
  });

  it("refuses names Prometheus would not accept", () => {
    expect(() => exposition([{ name: "bad-name", help: "x", type: "gauge", samples: [] }])).toThrow(/metric name/);
    expect(() =>
      exposition([{ name: "ok", help: "x", type: "gauge", samples: [{ labels: { "bad-label": "v" }, value: 1 }] }]),
    ).toThrow(/label name/);
  });

  it("writes every expected label value, 0 where nothing was counted", () => {
    const family = labelled({ name: "x", help: "h", type: "gauge" }, "status", ["a", "b"], new Map([["c", 3]]));
    expect(family.samples).toEqual([
      { labels: { status: "a" }, value: 0 },
      { labels: { status: "b" }, value: 0 },
      { labels: { status: "c" }, value: 3 },
    ]);
  });

  it("writes a histogram as cumulative buckets, +Inf, sum and count", () => {
    const text = exposition([histogram({ name: "d_seconds", help: "h" }, [1, 5], [2, 3], 4, 12.5)]);
    expect(text).toContain("# TYPE d_seconds histogram");
    expect(text).toContain('d_seconds_bucket{le="1"} 2\nd_seconds_bucket{le="5"} 3\nd_seconds_bucket{le="+Inf"} 4');
    expect(text).toContain("d_seconds_sum 12.5\nd_seconds_count 4\n");
    expect(formatValue(Number.POSITIVE_INFINITY)).toBe("+Inf");
    expect(formatValue(Number.NaN)).toBe("NaN");
  });
});
