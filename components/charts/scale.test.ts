import { describe, expect, it } from "vitest";
import { axis, shortDuration, shortNumber } from "./scale";

describe("chart axes", () => {
  it("step counts by whole numbers and other values by 1, 2, 2.5 or 5 times a power of ten", () => {
    expect(axis(1, { integer: true })).toEqual({ max: 1, ticks: [0, 1] });
    expect(axis(5, { integer: true })).toEqual({ max: 6, ticks: [0, 2, 4, 6] });
    expect(axis(0, { integer: true })).toEqual({ max: 1, ticks: [0, 1] });
    expect(axis(1440, { integer: true }).ticks).toEqual([0, 500, 1000, 1500]);
    expect(axis(1450).ticks).toEqual([0, 500, 1000, 1500]);
    expect(axis(90).ticks).toEqual([0, 25, 50, 75, 100]);
  });

  it("labels briefly", () => {
    expect(shortNumber(1500)).toBe("1.5k");
    expect(shortNumber(2_000_000)).toBe("2M");
    expect(shortDuration(1460)).toBe("1.5 s");
    expect(shortDuration(250)).toBe("250 ms");
  });
});
