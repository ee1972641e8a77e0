// The retry policy both drivers share.
import { isAppError } from "../errors";

/** Retries after the first attempt of a step (so 4 attempts in all). */
export const STEP_RETRIES = 3;

/** Inline driver's wait before retry n (1-based): 0.25 s, 0.5 s, 1 s... */
export function backoffMs(retry: number, baseMs = 250): number {
  return baseMs * 2 ** (retry - 1);
}

/** Errors that another attempt cannot fix: fail the run at once. */
export function isPermanent(error: unknown): boolean {
  return isAppError(error, "CONFLICT") || isAppError(error, "INVALID_STATE") || isAppError(error, "INVALID_INPUT");
}

/** Inline runs that have not refreshed their heartbeat for this long are taken to be abandoned. */
export const STALE_RUN_MS = 30_000;

/**
 * Inngest runs beat only when claimed, and Inngest itself holds their retries
 * (with backoff of minutes): one is taken to be abandoned only after an hour.
 */
export const STALE_INNGEST_RUN_MS = 3_600_000;
