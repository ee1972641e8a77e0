import { describe, expect, it } from "vitest";
import { landlord } from "@/lib/db/landlord";
import { isAppError } from "@/lib/errors";
import { describeWait, enforceRateLimit, hit, pruneRateLimits } from "@/lib/rate-limit";

describe("rate limits (fixed window in rate_limit_buckets)", () => {
  it("allows `limit` hits per window, then refuses with the wait until the window resets", async () => {
    const rule = { limit: 3, windowSeconds: 600 };
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await hit("test:sequential", rule));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
    expect(results.map((r) => r.hits)).toEqual([1, 2, 3, 4, 5]);
    expect(results[0]?.remaining).toBe(2);
    expect(results[4]?.retryAfterSeconds).toBeGreaterThan(590);
    expect(results[4]?.retryAfterSeconds).toBeLessThanOrEqual(600);
    // Another key has its own count.
    expect((await hit("test:other", rule)).allowed).toBe(true);
  });

  it("counts concurrent hits exactly: of 30 at once with a limit of 10, exactly 10 pass", async () => {
    const rule = { limit: 10, windowSeconds: 600 };
    const results = await Promise.all(Array.from({ length: 30 }, () => hit("test:concurrent", rule)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(results.map((r) => r.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it("starts a new window once the old one ended", async () => {
    const rule = { limit: 1, windowSeconds: 0.3 };
    expect((await hit("test:window", rule)).allowed).toBe(true);
    expect((await hit("test:window", rule)).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const fresh = await hit("test:window", rule);
    expect(fresh).toMatchObject({ allowed: true, hits: 1 });
  });

  it("enforceRateLimit throws RATE_LIMITED with a message a person can act on", async () => {
    const rule = { limit: 1, windowSeconds: 120 };
    await enforceRateLimit("test:enforce", rule, "attempts");
    const error = await enforceRateLimit("test:enforce", rule, "attempts").catch((e: unknown) => e);
    expect(isAppError(error, "RATE_LIMITED")).toBe(true);
    expect((error as Error).message).toMatch(/^Too many attempts\. Try again in 2 minutes\.$/);
    expect(describeWait(1)).toBe("1 second");
    expect(describeWait(45)).toBe("45 seconds");
    expect(describeWait(61)).toBe("2 minutes");
  });

  it("fits over-long keys into the column and keeps them apart", async () => {
    const rule = { limit: 1, windowSeconds: 60 };
    const long = `test:${"x".repeat(300)}`;
    expect((await hit(`${long}a`, rule)).allowed).toBe(true);
    expect((await hit(`${long}b`, rule)).allowed).toBe(true);
    expect((await hit(`${long}a`, rule)).allowed).toBe(false);
  });

  it("prunes buckets whose window ended", async () => {
    await hit("test:prune", { limit: 1, windowSeconds: 0.05 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await pruneRateLimits()).toBeGreaterThanOrEqual(1);
    expect(await landlord().rateLimitBucket.findUnique({ where: { key: "test:prune" } })).toBeNull();
  });
});
