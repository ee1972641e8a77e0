// The apply form's limits, from the configuration (lib/env.ts): submissions
// and slug checks per client address, and confirmation emails per recipient,
// all on the shared rate-limit buckets (lib/rate-limit.ts).
import "server-only";
import { createHash } from "node:crypto";
import { env } from "../../env";
import { AppError } from "../../errors";
import { enforceRateLimit, hit, type RateLimitRule } from "../../rate-limit";
import { normalizeRecipient } from "./recipient";

export function applyLimit(): RateLimitRule {
  return { limit: env().APPLY_PER_IP, windowSeconds: 10 * 60 };
}

export function slugCheckLimit(): RateLimitRule {
  return { limit: env().SLUG_CHECKS_PER_IP, windowSeconds: 60 };
}

export function confirmationLimit(): RateLimitRule {
  return { limit: env().APPLY_CONFIRMATIONS_PER_RECIPIENT, windowSeconds: 24 * 3600 };
}

export function enforceApplyLimit(ip: string): Promise<void> {
  return enforceRateLimit(`apply:ip:${ip}`, applyLimit(), "applications from your network");
}

export function enforceSlugCheckLimit(ip: string): Promise<void> {
  return enforceRateLimit(`slug-check:ip:${ip}`, slugCheckLimit(), "slug checks");
}

/** The recipient's bucket key: a hash, so the rate-limit table holds no email addresses. */
export function recipientBucket(address: string): string {
  return `apply-confirm:to:${createHash("sha256").update(normalizeRecipient(address)).digest("hex")}`;
}

/**
 * Counts one confirmation email to this mailbox. Over the cap the submission
 * is refused (see submit.ts for why), with a message pointing at the emails
 * already sent.
 */
export async function enforceConfirmationCap(address: string): Promise<void> {
  const result = await hit(recipientBucket(address), confirmationLimit());
  if (result.allowed) return;
  const hours = Math.ceil(result.retryAfterSeconds / 3600);
  const wait = hours <= 1 ? "an hour" : `${hours} hours`;
  const message = `We have already sent several confirmation emails to this address today. Confirm with the link in one of them (check the spam folder too), or try again in ${wait}.`;
  throw new AppError("RATE_LIMITED", message, { retryAfterSeconds: result.retryAfterSeconds });
}
