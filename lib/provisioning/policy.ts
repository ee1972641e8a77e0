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
