// Throttling of every credential check (tenant and platform sign-in, the
// current password on a password change, two-factor codes), one module on the
// shared rate-limit buckets (lib/rate-limit.ts) so every portal process counts
// together. A lock never lets a stranger keep the owner out:
//   - per address: every attempt counts (a flood is refused for a while), and
//     failures across accounts lock the address;
//   - per account *and* address: repeated failures lock that pair only;
//   - per account alone: no lock. Each failure makes the next attempt wait a
//     little longer (doubling, capped), refused with the seconds to wait rather
//     than held open. An address that has signed in to the account before is
//     not made to wait for failures elsewhere: the owner gets in while someone
//     guesses from another network.
// Accounts are counted whether or not they exist, so a lock reveals nothing.
import "server-only";
import { createHash } from "node:crypto";
import { landlord } from "../db/landlord";
import { env } from "../env";
import { hit, type RateLimitRule } from "../rate-limit";
import { type Actor, type AuditAction, audit } from "./audit";

export interface ThrottlePolicy {
  ipAttempts: RateLimitRule;
  pairFailures: RateLimitRule;
  ipFailures: RateLimitRule;
  lockSeconds: number;
  delayBaseMs: number;
  delayMaxMs: number;
  /** How long a successful sign-in from an address keeps it known to the account. */
  knownAddressDays: number;
}

/** The policy of this deployment (configurable; the defaults are strict). */
export function signInPolicy(): ThrottlePolicy {
  const c = env();
  const window = c.SIGNIN_LOCK_MINUTES * 60;
  return {
    ipAttempts: { limit: c.SIGNIN_ATTEMPTS_PER_IP, windowSeconds: 300 },
    pairFailures: { limit: c.SIGNIN_FAILURES_PER_ACCOUNT_AND_IP, windowSeconds: window },
    ipFailures: { limit: c.SIGNIN_FAILURES_PER_IP, windowSeconds: window },
    lockSeconds: window,
    delayBaseMs: 1000,
    delayMaxMs: c.SIGNIN_DELAY_MAX_SECONDS * 1000,
    knownAddressDays: 30,
  };
}

const digest = (value: string) => createHash("sha256").update(value).digest("hex").slice(0, 40);

/** The throttle's name for an account: a tenant user (slug + email) or a platform admin (email). */
export function accountKey(realm: "tenant" | "platform", ...parts: string[]): string {
  return `${realm}:${digest(parts.join("\n"))}`;
}

function keys(account: string, ip: string) {
  const pair = `${account}:${digest(ip)}`;
  return {
    ipAttempts: `signin:attempts:ip:${ip}`,
    ipFailures: `signin:failures:ip:${ip}`,
    ipLock: `signin:lock:ip:${ip}`,
    pairFailures: `signin:failures:pair:${pair}`,
    pairLock: `signin:lock:pair:${pair}`,
    accountFailures: `signin:failures:account:${account}`,
    accountWait: `signin:wait:account:${account}`,
    known: `signin:known:${pair}`,
  };
}

/** Seconds left on a live bucket, or 0. Reads without counting. */
async function secondsLeft(key: string): Promise<number> {
  const rows = await landlord().$queryRaw<{ wait_ms: number | bigint | null }[]>`
    SELECT TIMESTAMPDIFF(MICROSECOND, NOW(3), reset_at) DIV 1000 AS wait_ms
    FROM rate_limit_buckets WHERE \`key\` = ${key} AND reset_at > NOW(3)`;
  const waitMs = Number(rows[0]?.wait_ms ?? 0);
  return waitMs > 0 ? Math.max(1, Math.ceil(waitMs / 1000)) : 0;
}

/** Starts (or restarts) a bucket that lasts `ms` from now. */
async function hold(key: string, ms: number): Promise<void> {
  const micros = Math.round(ms * 1000);
  await landlord().$executeRaw`
    INSERT INTO rate_limit_buckets (\`key\`, hits, reset_at) VALUES (${key}, 1, NOW(3) + INTERVAL ${micros} MICROSECOND)
    ON DUPLICATE KEY UPDATE hits = 1, reset_at = VALUES(reset_at)`;
}

export type Scope = "ip" | "pair" | "account";

export type Admission =
  | { allowed: true }
  | { allowed: false; reason: "rate_limited" | "locked"; scope: Scope; retryAfterSeconds: number; first: boolean };

/**
 * Counts the attempt against the address and says whether it may be checked
 * at all. `signedIn`: the caller already holds a live session of this account
 * (a password change), so the account-wide wait, which slows strangers, does
 * not apply; the locks do.
 */
export async function admitAttempt(
  account: string,
  ip: string,
  policy = signInPolicy(),
  options: { signedIn?: boolean } = {},
): Promise<Admission> {
  const k = keys(account, ip);
  const attempts = await hit(k.ipAttempts, policy.ipAttempts);
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
    ["pair", k.pairLock],
    ["ip", k.ipLock],
  ] as const) {
    const left = await secondsLeft(key);
    if (left > 0) return { allowed: false, reason: "locked", scope, retryAfterSeconds: left, first: false };
  }
  if (!options.signedIn && (await secondsLeft(k.known)) === 0) {
    const wait = await secondsLeft(k.accountWait);
    if (wait > 0)
      return { allowed: false, reason: "rate_limited", scope: "account", retryAfterSeconds: wait, first: false };
  }
  return { allowed: true };
}

export interface FailureOutcome {
  accountFailures: number;
  /** The scopes this failure has just locked (each is audited once, when it starts). */
  lockedNow: Scope[];
  lockSeconds: number;
  /** How long the account's next attempt from an unknown address must wait. */
  waitMs: number;
}

/** Counts a failed check; locks the pair or the address at their limits; makes the account wait. */
export async function recordFailure(account: string, ip: string, policy = signInPolicy()): Promise<FailureOutcome> {
  const k = keys(account, ip);
  const lock = { limit: 1, windowSeconds: policy.lockSeconds };
  const pair = await hit(k.pairFailures, policy.pairFailures);
  const address = await hit(k.ipFailures, policy.ipFailures);
  const accountHits = (await hit(k.accountFailures, { limit: 1, windowSeconds: policy.lockSeconds })).hits;
  const lockedNow: Scope[] = [];
  if (pair.hits >= policy.pairFailures.limit && (await hit(k.pairLock, lock)).hits === 1) lockedNow.push("pair");
  if (address.hits >= policy.ipFailures.limit && (await hit(k.ipLock, lock)).hits === 1) lockedNow.push("ip");
  const waitMs = failureDelay(accountHits, policy);
  if (waitMs > 0) await hold(k.accountWait, waitMs);
  return { accountFailures: accountHits, lockedNow, lockSeconds: policy.lockSeconds, waitMs };
}

/** 1st failure: base; each further one doubles, up to the maximum. */
export function failureDelay(failures: number, policy: Pick<ThrottlePolicy, "delayBaseMs" | "delayMaxMs">): number {
  if (failures < 1 || policy.delayBaseMs <= 0) return 0;
  return Math.min(policy.delayMaxMs, policy.delayBaseMs * 2 ** (failures - 1));
}

/** A successful check: the account's count starts over and this address becomes known to it. */
export async function recordSuccess(account: string, ip: string, policy = signInPolicy()): Promise<void> {
  const k = keys(account, ip);
  await landlord().rateLimitBucket.deleteMany({
    where: { key: { in: [k.accountFailures, k.accountWait, k.pairFailures] } },
  });
  await hold(k.known, policy.knownAddressDays * 86_400_000);
}

/**
 * After the owner proved who they are another way (an emailed link), no
 * lock or wait that someone else caused may keep them out.
 */
export async function clearAccount(account: string): Promise<void> {
  await landlord().rateLimitBucket.deleteMany({
    where: {
      OR: [
        { key: { in: [`signin:failures:account:${account}`, `signin:wait:account:${account}`] } },
        { key: { startsWith: `signin:lock:pair:${account}:` } },
        { key: { startsWith: `signin:failures:pair:${account}:` } },
      ],
    },
  });
}

export interface FailedCheck {
  account: string;
  actor: Actor;
  action: Extract<AuditAction, "auth.signin_failed" | "auth.password_change_failed" | "auth.code_failed">;
  tenantId?: string;
  /** What the audit entry says about it (never a password or code). */
  context: Record<string, string | number | null | undefined>;
  policy?: ThrottlePolicy;
}

/** A failed credential check, one way for every realm: count it, audit it, audit any lock it starts. */
export async function recordFailedCheck(check: FailedCheck): Promise<FailureOutcome> {
  const ip = check.actor.ip ?? "unknown";
  const outcome = await recordFailure(check.account, ip, check.policy);
  const base = { actor: check.actor, tenantId: check.tenantId };
  await audit({ ...base, action: check.action, context: { ...check.context, failures: outcome.accountFailures } });
  for (const scope of outcome.lockedNow) {
    await audit({
      ...base,
      action: "auth.locked_out",
      context: { ...check.context, scope, lockSeconds: outcome.lockSeconds },
    });
  }
  return outcome;
}

/** Audits a refused admission: each lock refusal, and a flood once, when it starts. */
export async function auditRefusal(
  admission: Extract<Admission, { allowed: false }>,
  actor: Actor,
  context: Record<string, string | number | null | undefined>,
  tenantId?: string,
): Promise<void> {
  const detail = { ...context, scope: admission.scope, retryAfterSeconds: admission.retryAfterSeconds };
  if (admission.reason === "rate_limited" && admission.scope === "ip") {
    if (admission.first)
      await audit({ actor, action: "auth.locked_out", tenantId, context: { ...detail, reason: "rate_limited" } });
    return;
  }
  await audit({ actor, action: "auth.signin_failed", tenantId, context: { ...detail, reason: admission.reason } });
}
