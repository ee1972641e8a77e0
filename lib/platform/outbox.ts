// Reading the email outbox for the admin console: newest first, and one email
// as stored (its HTML is what the recipient sees).
import "server-only";
import { landlord } from "../db/landlord";
import { env } from "../env";
import { fill, openSecrets } from "../mail/secrets";
import { type Actor, audit } from "./audit";
import { type Delivery, deliveriesOf } from "./email-events";

export interface OutboxRow {
  id: string;
  template: string;
  toAddress: string;
  subject: string;
  status: string;
  applicationId: string | null;
  createdAt: string;
  /** What the provider reported after sending (webhooks); null until it does. */
  delivery: { state: Delivery["state"]; at: string; detail: string | null } | null;
}

export interface OutboxPage {
  rows: OutboxRow[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

export async function listOutbox({ page, pageSize }: { page: number; pageSize: number }): Promise<OutboxPage> {
  const db = landlord();
  const total = await db.emailOutbox.count();
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, page), pageCount);
  // created_at is indexed; the id breaks ties between emails of the same millisecond.
  const rows = await db.emailOutbox.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (current - 1) * pageSize,
    take: pageSize,
    select: {
      id: true,
      template: true,
      toAddress: true,
      subject: true,
      status: true,
      applicationId: true,
      createdAt: true,
      providerId: true,
    },
  });
  const deliveries = await deliveriesOf(rows.map((r) => r.providerId));
  return {
    rows: rows.map(({ providerId, ...r }) => {
      const delivery = providerId ? deliveries.get(providerId) : undefined;
      return {
        ...r,
        createdAt: r.createdAt.toISOString(),
        delivery: delivery ? { ...delivery, at: delivery.at.toISOString() } : null,
      };
    }),
    total,
    page: current,
    pageSize,
    pageCount,
  };
}

export interface OutboxEmailView {
  email: Omit<NonNullable<Awaited<ReturnType<typeof findEmail>>>, "secrets" | "html" | "text">;
  html: string;
  text: string;
  /** The secrets are shown: this is the development mailbox (no provider), and the view was audited. */
  revealed: boolean;
  /** It carries secrets (shown or not). */
  carriesSecrets: boolean;
  /** The secrets could be shown here, but not to this viewer (their role lacks "email.read_secrets"). */
  withheld: boolean;
  /** What the provider reported after sending (webhooks); null until it does. */
  delivery: Delivery | null;
}

function findEmail(id: string) {
  return landlord().emailOutbox.findUnique({ where: { id } });
}

/** What a viewer whose role may not read secrets sees in their place (permissions.ts "email.read_secrets"). */
export const OWNER_ONLY = "(only an owner can see this)";

/**
 * One email as the console shows it. With no provider the outbox is the
 * mailbox: its secrets are shown to a viewer who may read them (an owner), and
 * each such view is audited. Otherwise a secret is never shown: the provider
 * has it, or it is held for delivery.
 */
export async function viewOutboxEmail(
  id: string,
  viewer: Actor,
  options: { mayReadSecrets: boolean },
): Promise<OutboxEmailView | null> {
  const row = await findEmail(id);
  if (!row) return null;
  const { secrets: sealed, html, text, ...email } = row;
  const delivery = (row.providerId && (await deliveriesOf([row.providerId])).get(row.providerId)) || null;
  const mailbox = !env().RESEND_API_KEY && sealed !== null;
  if (mailbox && options.mayReadSecrets) {
    const secrets = openSecrets(id, sealed);
    await audit({
      actor: viewer,
      action: "email.secrets_viewed",
      applicationId: row.applicationId,
      tenantId: row.tenantId,
      context: { emailId: id, template: row.template, to: row.toAddress, secrets: Object.keys(secrets) },
    });
    return {
      email,
      html: fill(html, id, secrets, "html"),
      text: fill(text, id, secrets, "text"),
      revealed: true,
      carriesSecrets: true,
      withheld: false,
      delivery,
    };
  }
  // Not opened at all for a viewer who may not read it: nothing to audit, nothing to leak.
  const held = mailbox
    ? OWNER_ONLY
    : row.status === "refused"
      ? "(withdrawn: the provider refused this email)"
      : "(held for delivery)";
  return {
    email,
    html: fill(html, id, {}, "html", held),
    text: fill(text, id, {}, "text", held),
    revealed: false,
    carriesSecrets: sealed !== null,
    withheld: mailbox,
    delivery,
  };
}
