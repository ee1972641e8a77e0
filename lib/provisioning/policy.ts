// The retry policy both drivers share.
import { isAppError, isConnectionFailure } from "../errors";

/** Retries after the first attempt of a step (so 4 attempts in all). */
export const STEP_RETRIES = 3;

/** Inline driver's wait before retry n (1-based): 0.25 s, 0.5 s, 1 s... */
function backoffMs(retry: number, baseMs = 250): number {
  return baseMs * 2 ** (retry - 1);
}

/**
 * The inline driver's waits (Inngest spaces its own retries, already longer).
 * A database server that did not answer is waited for longer: at the default
 * base, 4 s, 8 s and 16 s, so a run rides out an outage of about half a
 * minute (a restart, a failover) in any step, as the server pool's wait for a
 * connection already does, instead of failing within two seconds.
 */
export const OUTAGE_FACTOR = 16;

/** The wait before retry n (1-based) after `error`. */
export function retryDelayMs(retry: number, error: unknown, baseMs = 250): number {
  return backoffMs(retry, baseMs) * (isConnectionFailure(error) ? OUTAGE_FACTOR : 1);
}

/** Errors that another attempt cannot fix: fail the run at once. */
export function isPermanent(error: unknown): boolean {
  return isAppError(error, "CONFLICT") || isAppError(error, "INVALID_STATE") || isAppError(error, "INVALID_INPUT");
}
