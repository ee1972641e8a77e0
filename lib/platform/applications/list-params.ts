// The admin list's state as it lives in the URL
// (?after=2026-01-05T10:00:00.000Z,<id>&pageSize=25&sort=createdAt&dir=desc&status=pending&q=acme).
// Paging is by keyset (lib/keyset.ts): `after`/`before` hold the edge row's
// cursor, `last=1` asks for the oldest rows. Anything malformed falls back to
// its default instead of failing the page.
import { z } from "zod";
// The generated enums module, not ./status: this file is also bundled for the browser.
import { ApplicationStatus } from "../../generated/landlord/enums";

// Only columns with an index of their own (or the (status, created_at) one) sort,
// so every order is an index walk, never a sort of the whole table.
export const SORTABLE_COLUMNS = ["createdAt", "organizationName", "requestedSlug", "contactEmail", "status"] as const;
export type SortableColumn = (typeof SORTABLE_COLUMNS)[number];

export const PAGE_SIZES = [10, 25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 25;
export const SEARCH_MAX = 100;

// Long enough for a cursor on a 255-character organization name full of escaped commas.
const cursor = z.string().max(1000).optional().catch(undefined);

export const listApplicationsParams = z.object({
  after: cursor,
  before: cursor,
  last: z
    .literal("1")
    .optional()
    .transform((v) => v === "1")
    .catch(false),
  // Offset paging: the outbox's list uses it (app/admin/(console)/outbox); this list pages by keyset.
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  pageSize: z.coerce
    .number()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
    .catch(DEFAULT_PAGE_SIZE),
  sort: z.enum(SORTABLE_COLUMNS).catch("createdAt"),
  dir: z.enum(["asc", "desc"]).catch("desc"),
  status: z.enum(ApplicationStatus).optional().catch(undefined),
  q: z
    .string()
    .trim()
    .max(SEARCH_MAX)
    .optional()
    .transform((q) => q || undefined)
    .catch(undefined),
});

export type ListApplicationsParams = z.output<typeof listApplicationsParams>;

/** Next's searchParams (a value may repeat) as the list's parameters. */
export function parseListParams(searchParams: Record<string, string | string[] | undefined>): ListApplicationsParams {
  const first: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(searchParams)) first[key] = Array.isArray(value) ? value[0] : value;
  return listApplicationsParams.parse(first);
}
