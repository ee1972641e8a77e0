// Fixed-window rate limits kept in the landlord database (rate_limit_buckets),
// so every portal process shares one count. A hit is one atomic
// INSERT ... ON DUPLICATE KEY UPDATE; reading the count back in the same
// transaction sees exactly this hit's value, because the upsert holds the row lock.
// Times are the database's own (NOW(3)), so process clocks never disagree.
import "server-only";
import { createHash } from "node:crypto";
import { type LandlordClient, landlord } from "./db/landlord";
import { AppError } from "./errors";

export interface RateLimitRule {
  /** Hits allowed per window. */
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  hits: number;
  remaining: number;
  /** Seconds until the window resets. */
  retryAfterSeconds: number;
}

const KEY_MAX = 191; // the column's length
const PRUNE_PROBABILITY = 0.01;

/** Keys read like `apply:ip:1.2.3.4`; an over-long one is hashed so it still fits. */
function bucketKey(key: string): string {
  if (key.length <= KEY_MAX) return key;
  return `${key.slice(0, 100)}#${createHash("sha256").update(key).digest("hex")}`;
}

/** Counts one hit against `key` and says whether it is within the rule. */
export async function hit(key: string, rule: RateLimitRule, db: LandlordClient = landlord()): Promise<RateLimitResult> {
  const bucket = bucketKey(key);
  const windowMicros = Math.round(rule.windowSeconds * 1_000_000);
  const [row] = await db.$transaction(async (tx) => {
    // `hits` is assigned before `reset_at`, so both IF()s still see the old reset_at.
    await tx.$executeRaw`
      INSERT INTO rate_limit_buckets (\`key\`, hits, reset_at)
      VALUES (${bucket}, 1, NOW(3) + INTERVAL ${windowMicros} MICROSECOND)
      ON DUPLICATE KEY UPDATE
        hits = IF(reset_at <= NOW(3), 1, hits + 1),
        reset_at = IF(reset_at <= NOW(3), VALUES(reset_at), reset_at)`;
    return tx.$queryRaw<{ hits: number | bigint; wait_ms: number | bigint | null }[]>`
      SELECT hits, TIMESTAMPDIFF(MICROSECOND, NOW(3), reset_at) DIV 1000 AS wait_ms
      FROM rate_limit_buckets WHERE \`key\` = ${bucket}`;
  });
  const hits = Number(row?.hits ?? 1);
  const waitMs = Math.max(0, Number(row?.wait_ms ?? 0));
  return {
    allowed: hits <= rule.limit,
    hits,
    remaining: Math.max(0, rule.limit - hits),
    retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
  };
}

/** Counts a hit and throws RATE_LIMITED, with a message saying when to retry, once over the rule. */
export async function enforceRateLimit(key: string, rule: RateLimitRule, what = "requests"): Promise<void> {
  const result = await hit(key, rule);
  // Expired buckets would otherwise pile up, one per client address ever seen;
  // an occasional indexed DELETE keeps the table small without a scheduler.
  if (Math.random() < PRUNE_PROBABILITY) await pruneRateLimits().catch(() => 0);
  if (!result.allowed) {
    throw new AppError("RATE_LIMITED", `Too many ${what}. Try again in ${describeWait(result.retryAfterSeconds)}.`, {
      retryAfterSeconds: result.retryAfterSeconds,
    });
  }
}

export function describeWait(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? "1 second" : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

/** Deletes buckets whose window ended: they would restart at 1 anyway. */
export async function pruneRateLimits(db: LandlordClient = landlord()): Promise<number> {
  return db.$executeRaw`DELETE FROM rate_limit_buckets WHERE reset_at <= NOW(3) LIMIT 10000`;
}
