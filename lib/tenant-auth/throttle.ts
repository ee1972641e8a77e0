// Sign-in throttling for tenant users, on the shared rate-limit buckets
// (lib/rate-limit.ts), so every portal process counts together:
//   - every attempt from one client address is counted (a flood is refused);
//   - failures are counted per account (slug + email) and per address; each
//     failure answers a little later than the last (progressive delay), and
//     after `limit` failures the account or address is locked for a while.
// Accounts are counted whether or not they exist, so a lock reveals nothing.
import { createHash } from "node:crypto";
import { landlord } from "../db/landlord";
import { hit, type RateLimitRule } from "../rate-limit";

export interface ThrottlePolicy {
  ipAttempts: RateLimitRule;
  accountFailures: RateLimitRule;
  ipFailures: RateLimitRule;
  lockSeconds: number;
  delayBaseMs: number;
  delayMaxMs: number;
}

export const SIGN_IN_POLICY: ThrottlePolicy = {
  ipAttempts: { limit: 60, windowSeconds: 300 },
  accountFailures: { limit: 5, windowSeconds: 900 },
  ipFailures: { limit: 30, windowSeconds: 900 },
  lockSeconds: 900,
  delayBaseMs: 250,
  delayMaxMs: 4000,
};

export type Scope = "account" | "ip";

// Emails can be long and slugs vary: hash the pair so the key always fits the column.
function accountId(slug: string, email: string): string {
  return createHash("sha256").update(`${slug}\n${email}`).digest("hex").slice(0, 40);
}

export function throttleKeys(slug: string, email: string, ip: string) {
  const account = accountId(slug, email);
  return {
    ipAttempts: `tenant-signin:attempts:ip:${ip}`,
    accountFailures: `tenant-signin:failures:account:${account}`,
    ipFailures: `tenant-signin:failures:ip:${ip}`,
    accountLock: `tenant-signin:lock:account:${account}`,
    ipLock: `tenant-signin:lock:ip:${ip}`,
  };
}

/** Seconds left on a live bucket (a lock), or 0 when there is none. Reads without counting. */
async function secondsLeft(key: string): Promise<number> {
  const rows = await landlord().$queryRaw<{ wait_ms: number | bigint | null }[]>`
    SELECT TIMESTAMPDIFF(MICROSECOND, NOW(3), reset_at) DIV 1000 AS wait_ms
    FROM rate_limit_buckets WHERE \`key\` = ${key} AND reset_at > NOW(3)`;
  const waitMs = Number(rows[0]?.wait_ms ?? 0);
  return waitMs > 0 ? Math.max(1, Math.ceil(waitMs / 1000)) : 0;
}

export type Admission =
  | { allowed: true }
  | { allowed: false; reason: "rate_limited" | "locked"; scope: Scope; retryAfterSeconds: number; first: boolean };

/** Counts the attempt against the address and says whether it may be checked at all. */
export async function admitSignIn(
  slug: string,
  email: string,
  ip: string,
  policy: ThrottlePolicy = SIGN_IN_POLICY,
): Promise<Admission> {
  const keys = throttleKeys(slug, email, ip);
  const attempts = await hit(keys.ipAttempts, policy.ipAttempts);
  if (!attempts.allowed) {
    const first = attempts.hits === policy.ipAttempts.limit + 1;
    return {
      allowed: false,
      reason: "rate_limited",
      scope: "ip",
      retryAfterSeconds: attempts.retryAfterSeconds,
      first,
    };
  }
  for (const [scope, key] of [
    ["account", keys.accountLock],
    ["ip", keys.ipLock],
  ] as const) {
    const left = await secondsLeft(key);
    if (left > 0) return { allowed: false, reason: "locked", scope, retryAfterSeconds: left, first: false };
  }
  return { allowed: true };
}

export interface FailureOutcome {
  accountFailures: number;
  /** The scopes this failure has just locked (each is audited once, when it starts). */
  lockedNow: Scope[];
  lockSeconds: number;
  delayMs: number;
}

/** Counts a failed attempt; locks the account or address once it reaches its limit. */
export async function recordSignInFailure(
  slug: string,
  email: string,
  ip: string,
  policy: ThrottlePolicy = SIGN_IN_POLICY,
): Promise<FailureOutcome> {
  const keys = throttleKeys(slug, email, ip);
  const lock = { limit: 1, windowSeconds: policy.lockSeconds };
  const account = await hit(keys.accountFailures, policy.accountFailures);
  const address = await hit(keys.ipFailures, policy.ipFailures);
  const lockedNow: Scope[] = [];
  if (account.hits >= policy.accountFailures.limit && (await hit(keys.accountLock, lock)).hits === 1) {
    lockedNow.push("account");
  }
  if (address.hits >= policy.ipFailures.limit && (await hit(keys.ipLock, lock)).hits === 1) {
    lockedNow.push("ip");
  }
  return {
    accountFailures: account.hits,
    lockedNow,
    lockSeconds: policy.lockSeconds,
    delayMs: failureDelay(account.hits, policy),
  };
}

/** 1st failure: base; each further one doubles, up to the maximum. */
export function failureDelay(failures: number, policy: Pick<ThrottlePolicy, "delayBaseMs" | "delayMaxMs">): number {
  if (failures < 1 || policy.delayBaseMs <= 0) return 0;
  return Math.min(policy.delayMaxMs, policy.delayBaseMs * 2 ** (failures - 1));
}

/** After a successful sign-in the account's failure count starts over. */
export async function clearAccountFailures(slug: string, email: string): Promise<void> {
  const keys = throttleKeys(slug, email, "");
  await landlord().rateLimitBucket.deleteMany({ where: { key: keys.accountFailures } });
}

/**
 * After the owner proved who they are another way (the emailed setup link),
 * a lock someone else caused by guessing must not keep them out.
 */
export async function clearAccountLock(slug: string, email: string): Promise<void> {
  const keys = throttleKeys(slug, email, "");
  await landlord().rateLimitBucket.deleteMany({ where: { key: { in: [keys.accountFailures, keys.accountLock] } } });
}
