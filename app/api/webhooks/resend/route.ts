// Resend's delivery webhooks. Public by nature: the signature is the proof
// (lib/platform/resend-webhook.ts), and an unsigned, forged or stale request
// is refused before anything is read or written.
import { handleResendWebhook, WEBHOOK_MAX_BYTES } from "@/lib/platform/resend-webhook";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  // Refused before the body is read, when its size is announced.
  if (Number(request.headers.get("content-length") ?? 0) > WEBHOOK_MAX_BYTES) {
    return Response.json({ error: "Too large." }, { status: 413 });
  }
  const answer = await handleResendWebhook(await request.text(), request.headers);
  return Response.json(answer.body, { status: answer.status, headers: { "cache-control": "no-store" } });
}
