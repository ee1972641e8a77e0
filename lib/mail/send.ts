// The one way the platform sends email. Every email is written to the outbox
// first, keyed by an idempotency key; with RESEND_API_KEY it then goes through
// Resend with the same key, so a retried step never sends twice. Without a
// key the outbox is the destination (readable at /admin/outbox).
// Secrets never sit readable in the outbox (./secrets.ts): the stored copy
// holds placeholders, and the secrets, sealed, only until the provider has
// the email or refuses it for good.
import "server-only";
import { randomUUID } from "node:crypto";
import { render, toPlainText } from "@react-email/render";
import type { ReactElement } from "react";
import { Resend } from "resend";
import { landlord } from "../db/landlord";
import { isUniqueViolation } from "../db/unique-violation";
import { env } from "../env";
import { AppError, errorMessage } from "../errors";
import { fill, openSecrets, placeholders, type Secrets, sealSecrets } from "./secrets";

export interface OutgoingEmail {
  template: string;
  to: string;
  subject: string;
  /** The body. As a function it gets a placeholder for each secret, never the secret itself. */
  react: ReactElement | ((secret: Secrets) => ReactElement);
  /**
   * Values that must not be stored readable (links with tokens, passwords):
   * made only when the idempotency key is new, kept sealed until delivery is settled.
   */
  secrets?: () => Promise<Secrets>;
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

/** Resend's answers that say this email will never be accepted (not a fault of ours or of the moment). */
const REFUSALS = new Set(["validation_error", "invalid_parameter", "missing_required_field", "invalid_attachment"]);

/** Writes the email to the outbox once per key (the body and secrets are made only then). */
export async function storeEmail(email: OutgoingEmail): Promise<{ id: string; created: boolean }> {
  const db = landlord();
  const existing = await db.emailOutbox.findUnique({ where: { idempotencyKey: email.idempotencyKey } });
  if (existing) return { id: existing.id, created: false };
  const config = env();
  const id = randomUUID();
  const secrets = email.secrets ? await email.secrets() : undefined;
  const element =
    typeof email.react === "function" ? email.react(placeholders(id, Object.keys(secrets ?? {}))) : email.react;
  const html = await render(element);
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
        secrets: secrets ? sealSecrets(id, secrets) : null,
        status: config.RESEND_API_KEY ? "sending" : "stored",
        applicationId: email.applicationId,
        tenantId: email.tenantId,
      },
    });
  } catch (error) {
    // Another attempt stored it a moment ago: that one's body and secrets stand.
    if (isUniqueViolation(error)) return storeEmail(email);
    throw error;
  }
  return { id, created: true };
}

export async function sendEmail(email: OutgoingEmail): Promise<SentEmail> {
  const { id, created } = await storeEmail(email);
  return deliverEmail(id, !created);
}

/** Hands a stored email to the provider (with its key), unless it is settled already or there is none. */
export async function deliverEmail(id: string, duplicate = false): Promise<SentEmail> {
  const db = landlord();
  const config = env();
  const row = await db.emailOutbox.findUniqueOrThrow({ where: { id } });
  if (row.status === "sent") return { id, status: "sent", duplicate: true };
  if (row.status === "refused") throw refused(row.toAddress, row.error ?? "refused");
  if (!config.RESEND_API_KEY) return { id, status: "stored", duplicate };

  const secrets = openSecrets(id, row.secrets);
  const resend = new Resend(config.RESEND_API_KEY, config.RESEND_BASE_URL ? { baseUrl: config.RESEND_BASE_URL } : {});
  let failure: string;
  let final = false;
  try {
    const { data, error } = await resend.emails.send(
      {
        from: row.fromAddress,
        to: row.toAddress,
        subject: row.subject,
        html: fill(row.html, id, secrets, "html"),
        text: fill(row.text, id, secrets, "text"),
      },
      { idempotencyKey: row.idempotencyKey },
    );
    if (data?.id) {
      // The recipient has it: the stored copy says so where each secret was, and the secrets go.
      await db.emailOutbox.update({
        where: { id },
        data: {
          status: "sent",
          providerId: data.id,
          sentAt: new Date(),
          error: null,
          secrets: null,
          html: fill(row.html, id, {}, "html"),
          text: fill(row.text, id, {}, "text"),
        },
      });
      return { id, status: "sent", duplicate: false };
    }
    failure = error?.message ?? "Resend returned no id";
    final = REFUSALS.has(error?.name ?? "");
  } catch (error) {
    failure = errorMessage(error);
  }
  // Refused for good: nobody will ever get these secrets; the sender issues new ones under a new key.
  await db.emailOutbox.update({
    where: { id },
    data: final ? { status: "refused", error: failure, secrets: null } : { status: "failed", error: failure },
  });
  if (final) throw refused(row.toAddress, failure);
  throw new AppError("UNAVAILABLE", `Email to ${row.toAddress} could not be sent: ${failure}`);
}

function refused(to: string, reason: string): AppError {
  // Not permanent for a workflow: the next attempt sends new secrets under a new key.
  return new AppError("UNAVAILABLE", `The email provider refused the email to ${to}: ${reason}`, { refused: true });
}

export function isRefusedEmail(error: unknown): boolean {
  return error instanceof AppError && error.details?.refused === true;
}
