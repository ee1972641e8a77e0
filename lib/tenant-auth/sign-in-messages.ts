// What the tenant sign-in form tells a person. next-auth passes a refusal to
// the browser as a short code in the `error` field; this turns it into a
// sentence. Client-safe: no server imports.

export const SIGN_IN_REFUSED = "Wrong email or password, or this account cannot sign in here.";

export const INITIAL_PASSWORD_EXPIRED =
  "This initial password has expired together with its setup link. Ask the platform team (or your organization's other admin) to send you a new setup link.";

export const MAINTENANCE_SIGN_IN =
  "This organization's space is in maintenance. Signing in is paused until it is over; try again later.";

export type ThrottleReason = "locked" | "rate_limited" | "wait";

/**
 * The code the credentials provider throws for a throttled attempt:
 * `locked:120` (this account on this network, or this network), `rate_limited:30`
 * (too many attempts from this network), `wait:8` (the account failed a moment ago).
 */
export function throttleCode(reason: ThrottleReason, retryAfterSeconds: number): string {
  return `${reason}:${Math.max(1, Math.ceil(retryAfterSeconds))}`;
}

export function describeWait(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? "1 second" : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

export const THROTTLE_CODE = /^(locked|rate_limited|wait):(\d+)$/;

export function signInErrorMessage(code: string | null | undefined): string {
  const match = THROTTLE_CODE.exec(code ?? "");
  if (match) {
    const wait = describeWait(Number(match[2]));
    if (match[1] === "locked") return `Too many failed attempts. Sign-in is paused for a while; try again in ${wait}.`;
    if (match[1] === "wait") return `This account had failed sign-ins a moment ago. Try again in ${wait}.`;
    return `Too many sign-in attempts from your network. Try again in ${wait}.`;
  }
  if (code === "unavailable") return "Signing in is not possible right now. Try again in a minute.";
  if (code === "expired") return INITIAL_PASSWORD_EXPIRED;
  if (code === "maintenance") return MAINTENANCE_SIGN_IN;
  return SIGN_IN_REFUSED;
}
