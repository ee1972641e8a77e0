import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { mapBounded } from "./concurrency";

describe("mapBounded", () => {
  it("never has more than `limit` items in flight, and uses all of them", async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapBounded(
      Array.from({ length: 20 }, (_, i) => i),
      4,
      async (i) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await sleep(2 + (i % 3));
        inFlight--;
        return i * 2;
      },
    );
    expect(peak).toBe(4);
    expect(results.map((r) => (r.ok ? r.value : null))).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
  });

  it("goes on past failures and reports each in place", async () => {
    const seen: number[] = [];
    const results = await mapBounded(
      [1, 2, 3, 4, 5],
      2,
      async (i) => {
        if (i % 2 === 0) throw new Error(`bad ${i}`);
        return i;
      },
      (_result, item) => seen.push(item),
    );
    expect(results.map((r) => r.ok)).toEqual([true, false, true, false, true]);
    expect(results[1]).toMatchObject({ ok: false, error: new Error("bad 2") });
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it("handles an empty list and refuses a limit below one", async () => {
    await expect(mapBounded([], 8, async () => 1)).resolves.toEqual([]);
    await expect(mapBounded([1], 0, async () => 1)).rejects.toThrow(RangeError);
  });
});
