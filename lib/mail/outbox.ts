// Reading the email outbox for the admin console: newest first, and one email
// as stored (its HTML is what the recipient sees).
import "server-only";
import { landlord } from "../db/landlord";

export interface OutboxRow {
  id: string;
  template: string;
  toAddress: string;
  subject: string;
  status: string;
  applicationId: string | null;
  createdAt: string;
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
    },
  });
  return {
    rows: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    total,
    page: current,
    pageSize,
    pageCount,
  };
}

export async function getOutboxEmail(id: string) {
  return landlord().emailOutbox.findUnique({ where: { id } });
}
