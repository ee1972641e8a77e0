// What became of each email the provider accepted: delivered, bounced or
// complained, as Resend's webhooks tell it (./resend-webhook.ts verifies
// them). An event is stored once per webhook message, and an email's state
// only moves forward (delivered < bounced < complained), so a replayed,
// repeated or late event changes nothing more. States are kept by the
// provider's email id rather than on the outbox row: an event can arrive
// before the send that got that id has written it down.
import "server-only";
import { landlord } from "../db/landlord";
import type { DeliveryState } from "../generated/landlord/client";

export type { DeliveryState };

export interface Delivery {
  state: DeliveryState;
  at: Date;
  /** The provider's words, for a bounce or a complaint. */
  detail: string | null;
}

export interface EmailEventInput {
  /** The webhook message's id (svix-id). */
  messageId: string;
  /** The provider's id of the email (email_outbox.provider_id). */
  providerId: string;
  /** The provider's event type, e.g. email.bounced. */
  type: string;
  state: DeliveryState;
  detail?: string | null;
  occurredAt: Date;
}

/** Records one event; false when this webhook message was recorded before (nothing changes). */
export async function recordEmailEvent(event: EmailEventInput): Promise<boolean> {
  const detail = event.detail?.slice(0, 1000) ?? null;
  return landlord().$transaction(async (tx) => {
    const { count } = await tx.emailEvent.createMany({
      data: [
        {
          messageId: event.messageId.slice(0, 128),
          providerId: event.providerId,
          type: event.type.slice(0, 64),
          state: event.state,
          detail,
          occurredAt: event.occurredAt,
        },
      ],
      skipDuplicates: true,
    });
    if (count === 0) return false;
    // One statement whatever the order of arrival: a state is replaced only by
    // a later one in delivered < bounced < complained. `state` is assigned
    // last, so the IF()s before it still compare with the old state.
    await tx.$executeRaw`
      INSERT INTO email_deliveries (provider_id, state, detail, occurred_at, updated_at)
      VALUES (${event.providerId}, ${event.state}, ${detail}, ${event.occurredAt}, NOW(3))
      ON DUPLICATE KEY UPDATE
        detail = IF(FIELD(VALUES(state), 'delivered', 'bounced', 'complained') > FIELD(state, 'delivered', 'bounced', 'complained'), VALUES(detail), detail),
        occurred_at = IF(FIELD(VALUES(state), 'delivered', 'bounced', 'complained') > FIELD(state, 'delivered', 'bounced', 'complained'), VALUES(occurred_at), occurred_at),
        updated_at = IF(FIELD(VALUES(state), 'delivered', 'bounced', 'complained') > FIELD(state, 'delivered', 'bounced', 'complained'), NOW(3), updated_at),
        state = IF(FIELD(VALUES(state), 'delivered', 'bounced', 'complained') > FIELD(state, 'delivered', 'bounced', 'complained'), VALUES(state), state)`;
    return true;
  });
}

/** The delivery state of each of these provider ids that has one. */
export async function deliveriesOf(providerIds: readonly (string | null)[]): Promise<Map<string, Delivery>> {
  const ids = [...new Set(providerIds.filter((id): id is string => Boolean(id)))];
  if (ids.length === 0) return new Map();
  const rows = await landlord().emailDelivery.findMany({ where: { providerId: { in: ids } } });
  return new Map(rows.map((r) => [r.providerId, { state: r.state, at: r.occurredAt, detail: r.detail }]));
}

export interface EmailWithDelivery {
  id: string;
  template: string;
  subject: string;
  toAddress: string;
  /** The outbox's own status: stored, sending, sent, failed, refused. */
  status: string;
  createdAt: Date;
  /** What the provider reported after sending; null until it reports (or with no provider). */
  delivery: Delivery | null;
}

const emailSelect = {
  id: true,
  template: true,
  subject: true,
  toAddress: true,
  status: true,
  createdAt: true,
  providerId: true,
} as const;

async function withDeliveries<T extends { providerId: string | null }>(
  rows: T[],
): Promise<(Omit<T, "providerId"> & { delivery: Delivery | null })[]> {
  const deliveries = await deliveriesOf(rows.map((r) => r.providerId));
  return rows.map(({ providerId, ...row }) => ({
    ...row,
    delivery: (providerId && deliveries.get(providerId)) || null,
  }));
}

/** An application's emails, oldest first, each with its delivery state. */
export async function applicationEmails(applicationId: string): Promise<EmailWithDelivery[]> {
  const rows = await landlord().emailOutbox.findMany({
    where: { applicationId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: emailSelect,
  });
  return withDeliveries(rows);
}

/** A tenant's emails, newest first (at most `limit`), each with its delivery state: for the tenant's console page. */
export async function tenantEmails(tenantId: string, limit = 50): Promise<EmailWithDelivery[]> {
  const rows = await landlord().emailOutbox.findMany({
    where: { tenantId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: emailSelect,
  });
  return withDeliveries(rows);
}

export interface WelcomeBounce {
  emailId: string;
  tenantId: string;
  slug: string;
  tenantName: string;
  tenantStatus: string;
  toAddress: string;
  bouncedAt: Date;
  detail: string | null;
}

/**
 * Tenants whose newest welcome email (the first, or a reissued link) bounced:
 * their admin has no way in until a link is reissued. A later welcome email
 * supersedes a bounced one, whatever became of it. Newest bounce first.
 */
export async function welcomeBounces(limit = 20): Promise<WelcomeBounce[]> {
  const rows = await landlord().$queryRaw<
    {
      email_id: string;
      tenant_id: string;
      slug: string;
      name: string;
      status: string;
      to_address: string;
      occurred_at: Date;
      detail: string | null;
    }[]
  >`
    SELECT o.id AS email_id, t.id AS tenant_id, t.slug, t.name, t.status, o.to_address, d.occurred_at, d.detail
    FROM email_deliveries d
    JOIN email_outbox o ON o.provider_id = d.provider_id AND o.template = 'welcome'
    JOIN tenants t ON t.id = o.tenant_id AND t.deleted_at IS NULL
    WHERE d.state = 'bounced'
      AND NOT EXISTS (
        SELECT 1 FROM email_outbox later
        WHERE later.tenant_id = o.tenant_id AND later.template = 'welcome' AND later.created_at > o.created_at
      )
    ORDER BY d.occurred_at DESC
    LIMIT ${limit}`;
  return rows.map((r) => ({
    emailId: r.email_id,
    tenantId: r.tenant_id,
    slug: r.slug,
    tenantName: r.name,
    tenantStatus: r.status,
    toAddress: r.to_address,
    bouncedAt: r.occurred_at,
    detail: r.detail,
  }));
}
