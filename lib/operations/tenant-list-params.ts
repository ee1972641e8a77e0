// The console's tenants list as it lives in the URL
// (?page=2&pageSize=25&sort=createdAt&dir=desc&tab=suspended&q=acme).
// Anything malformed falls back to its default instead of failing the page.
// Client-safe: no server imports.
import { z } from "zod";

// Each sort walks an index: tenants (created_at, slug, name, last_sign_in_at)
// or tenant_snapshots (database_bytes, users_count).
export const TENANT_SORTS = ["createdAt", "slug", "name", "lastSignInAt", "databaseBytes", "usersCount"] as const;
export type TenantSort = (typeof TENANT_SORTS)[number];

/** The status tabs: a tenant in maintenance is also counted under its status. "All" leaves deleted ones out. */
export const TENANT_TABS = ["active", "suspended", "inactive", "maintenance", "deleted"] as const;
export type TenantTab = (typeof TENANT_TABS)[number];

export const TAB_LABELS: Record<TenantTab, string> = {
  active: "Active",
  suspended: "Suspended",
  inactive: "Provisioning",
  maintenance: "In maintenance",
  deleted: "Deleted",
};

export const TENANT_PAGE_SIZES = [10, 25, 50, 100] as const;
export const DEFAULT_TENANT_PAGE_SIZE = 25;

export const tenantListParams = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  pageSize: z.coerce
    .number()
    .refine((n) => (TENANT_PAGE_SIZES as readonly number[]).includes(n))
    .catch(DEFAULT_TENANT_PAGE_SIZE),
  sort: z.enum(TENANT_SORTS).catch("createdAt"),
  dir: z.enum(["asc", "desc"]).catch("desc"),
  tab: z.enum(TENANT_TABS).optional().catch(undefined),
  q: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((q) => q || undefined)
    .catch(undefined),
});

export type TenantListParams = z.output<typeof tenantListParams>;

/** Next's searchParams (a value may repeat) as the list's parameters. */
export function parseTenantListParams(searchParams: Record<string, string | string[] | undefined>): TenantListParams {
  const first: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(searchParams)) first[key] = Array.isArray(value) ? value[0] : value;
  return tenantListParams.parse(first);
}
