// Resend's webhooks (POST /api/webhooks/resend). Resend signs each one the
// Svix way: HMAC-SHA256 with the webhook's secret (whsec_...) over
// "{svix-id}.{svix-timestamp}.{body}", in the svix-signature header. The
// check is Resend's own SDK's (`webhooks.verify`, on the Standard Webhooks
// library): constant-time comparison, and a timestamp more than five minutes
// off is refused, so a captured request cannot be replayed later. Within
// those minutes a replay is the same svix-id, which email-events.ts stores once.
// Anything unsigned, wrongly signed or stale changes nothing.
import "server-only";
import { Resend } from "resend";
import { z } from "zod";
import { env } from "../env";
import { type DeliveryState, recordEmailEvent } from "./email-events";

export interface WebhookAnswer {
  status: 200 | 400 | 401 | 404 | 413;
  body: Record<string, unknown>;
}

/** The events that say what became of an email; the rest are acknowledged and left alone. */
const STATES: Record<string, DeliveryState> = {
  "email.delivered": "delivered",
  "email.bounced": "bounced",
  // Not sent: the address is on Resend's suppression list after an earlier bounce or complaint.
  "email.suppressed": "bounced",
  "email.complained": "complained",
};

// Resend's payloads are small; anything far larger is not one of theirs.
export const WEBHOOK_MAX_BYTES = 256 * 1024;

const reason = z.object({ message: z.string(), type: z.string(), subType: z.string() }).partial();

const emailEvent = z.looseObject({
  type: z.string().max(64),
  created_at: z.string().optional(),
  data: z.looseObject({
    email_id: z.string().min(1).max(128),
    bounce: reason.optional(),
    suppressed: reason.optional(),
  }),
});

function verify(body: string, headers: { id: string; timestamp: string; signature: string }, secret: string) {
  // verify() makes no request; the client only insists on some key.
  const resend = new Resend(env().RESEND_API_KEY ?? "re_webhook_verification_only");
  return resend.webhooks.verify({ payload: body, headers, webhookSecret: secret });
}

function describeReason(detail: z.infer<typeof reason> | undefined): string | null {
  if (!detail) return null;
  const kind = [detail.type, detail.subType].filter(Boolean).join("/");
  return [kind, detail.message].filter(Boolean).join(": ") || null;
}

function dateOf(value: string | undefined): Date | null {
  const date = value ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

export async function handleResendWebhook(body: string, headers: Headers): Promise<WebhookAnswer> {
  const secret = env().RESEND_WEBHOOK_SECRET;
  // Not configured: as if the address did not exist.
  if (!secret) return { status: 404, body: { error: "Not found." } };
  if (Buffer.byteLength(body) > WEBHOOK_MAX_BYTES) return { status: 413, body: { error: "Too large." } };
  const id = headers.get("svix-id");
  const timestamp = headers.get("svix-timestamp");
  const signature = headers.get("svix-signature");
  if (!id || !timestamp || !signature) return { status: 400, body: { error: "Unsigned request." } };

  let payload: unknown;
  try {
    payload = verify(body, { id, timestamp, signature }, secret);
  } catch (error) {
    // A good signature over something that is not JSON is malformed, not forged.
    const forged = (error as Error).name === "WebhookVerificationError";
    return forged
      ? { status: 401, body: { error: "Invalid or stale signature." } }
      : { status: 400, body: { error: "Malformed payload." } };
  }

  const type = (payload as { type?: unknown } | null)?.type;
  const state = typeof type === "string" ? STATES[type] : undefined;
  if (!state) return { status: 200, body: { ignored: typeof type === "string" ? type : null } };
  const event = emailEvent.safeParse(payload);
  if (!event.success) return { status: 400, body: { error: "Malformed event." } };
  const { data } = event.data;
  const recorded = await recordEmailEvent({
    messageId: id,
    providerId: data.email_id,
    type: event.data.type,
    state,
    detail: describeReason(data.bounce ?? data.suppressed),
    occurredAt: dateOf(event.data.created_at) ?? new Date(),
  });
  return { status: 200, body: { recorded } };
}
