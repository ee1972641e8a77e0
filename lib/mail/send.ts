// The one way the platform sends email. Every email is written to the outbox
// first, keyed by an idempotency key; with RESEND_API_KEY it then goes through
// Resend with the same key, so a retried step never sends twice. Without a
// key the outbox is the destination (readable at /admin/outbox).
import "server-only";
import { randomUUID } from "node:crypto";
import { render, toPlainText } from "@react-email/render";
import type { ReactElement } from "react";
import { Resend } from "resend";
import { landlord } from "../db/landlord";
import { isUniqueViolation } from "../db/unique-violation";
import { env } from "../env";
import { AppError, errorMessage } from "../errors";

export interface OutgoingEmail {
  template: string;
  to: string;
  subject: string;
  /** The body, or a function that makes it: called only when the key is new. */
  react: ReactElement | (() => Promise<ReactElement>);
  /** The same key for the same logical email, however often it is retried. */
  idempotencyKey: string;
  applicationId?: string;
  tenantId?: string;
}

export interface SentEmail {
  id: string;
  status: "stored" | "sent";
  /** True when this key had been sent (or stored) before and nothing was sent now. */
  duplicate: boolean;
}

export async function sendEmail(email: OutgoingEmail): Promise<SentEmail> {
  const db = landlord();
  const config = env();
  const existing = await db.emailOutbox.findUnique({ where: { idempotencyKey: email.idempotencyKey } });
  if (existing && (existing.status === "sent" || (existing.status === "stored" && !config.RESEND_API_KEY))) {
    return { id: existing.id, status: existing.status, duplicate: true };
  }

  let id = existing?.id;
  if (!id) {
    const html = await render(typeof email.react === "function" ? await email.react() : email.react);
    id = randomUUID();
    try {
      await db.emailOutbox.create({
        data: {
          id,
          idempotencyKey: email.idempotencyKey,
          template: email.template,
          toAddress: email.to,
          fromAddress: config.MAIL_FROM,
          subject: email.subject,
          html,
          text: toPlainText(html),
          status: config.RESEND_API_KEY ? "sending" : "stored",
          applicationId: email.applicationId,
          tenantId: email.tenantId,
        },
      });
    } catch (error) {
      // Another attempt stored it a moment ago: that one owns the sending.
      if (isUniqueViolation(error)) return sendEmail(email);
      throw error;
    }
    if (!config.RESEND_API_KEY) return { id, status: "stored", duplicate: false };
  }
  return deliver(id, email.idempotencyKey);
}

async function deliver(id: string, idempotencyKey: string): Promise<SentEmail> {
  const db = landlord();
  const config = env();
  const row = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
  const resend = new Resend(config.RESEND_API_KEY, config.RESEND_BASE_URL ? { baseUrl: config.RESEND_BASE_URL } : {});
  let failure: string | undefined;
  try {
    const { data, error } = await resend.emails.send(
      { from: row.fromAddress, to: row.toAddress, subject: row.subject, html: row.html, text: row.text },
      { idempotencyKey },
    );
    if (data?.id) {
      await db.emailOutbox.update({
        where: { id },
        data: { status: "sent", providerId: data.id, sentAt: new Date(), error: null },
      });
      return { id, status: "sent", duplicate: false };
    }
    failure = error?.message ?? "Resend returned no id";
  } catch (error) {
    failure = errorMessage(error);
  }
  await db.emailOutbox.update({ where: { id }, data: { status: "failed", error: failure } });
  throw new AppError("UNAVAILABLE", `Email to ${row.toAddress} could not be sent: ${failure}`);
}
