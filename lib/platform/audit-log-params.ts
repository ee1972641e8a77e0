// The audit log's filters and page as they live in the URL
// (/admin/audit?actor=ada@example.org&action=application.approved&from=2026-11-01&to=2026-11-30&after=...).
// The export (/admin/audit/export) reads the same filters. Anything malformed
// falls back to "no filter" instead of failing the page. Client-safe.
import { z } from "zod";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined)
    .catch(undefined);

const day = z
  .string()
  .trim()
  .regex(DAY)
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)))
  .optional()
  .catch(undefined);

export const auditFilters = z.object({
  /** An actor's label (an email, "system") or id, exactly. */
  actor: text(255),
  /** One action exactly, such as "application.approved". */
  action: text(64),
  /** An application's id or reference. */
  application: text(64),
  /** A tenant's slug or id. */
  tenant: text(64),
  /** First and last day (UTC), inclusive. */
  from: day,
  to: day,
});

/** Every filter may be left out (a caller outside the URL, such as a test or the export, names only some). */
export type AuditFilters = Partial<z.output<typeof auditFilters>>;

// Twenty-five: each entry carries its context, and the page must stay light at four admins at once.
export const AUDIT_PAGE_SIZE = 25;

const cursor = z.string().max(100).optional().catch(undefined);

export const auditLogParams = auditFilters.extend({
  after: cursor,
  before: cursor,
  last: z
    .literal("1")
    .optional()
    .transform((v) => v === "1")
    .catch(false),
});

export type AuditLogParams = z.output<typeof auditLogParams>;

function firstValues(searchParams: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const first: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(searchParams)) first[key] = Array.isArray(value) ? value[0] : value;
  return first;
}

/** Next's searchParams as the log's parameters. */
export function parseAuditLogParams(searchParams: Record<string, string | string[] | undefined>): AuditLogParams {
  return auditLogParams.parse(firstValues(searchParams));
}

/** A request's query string as the export's filters. */
export function parseAuditFilters(search: URLSearchParams): AuditFilters {
  return auditFilters.parse(Object.fromEntries(search));
}

/** The filters that are set, for the export link and the audit entry of an export. */
export function activeFilters(filters: AuditFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter((entry): entry is [string, string] => !!entry[1]));
}
