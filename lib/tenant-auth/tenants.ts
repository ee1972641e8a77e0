// Which tenant a slug names, for signing in and for every tenant request. Only
// an active, not soft-deleted tenant is open: a suspended or deleted one lets
// nobody in, and its existing sessions stop working at the next request.
import "server-only";
import { landlord } from "../db/landlord";
import { normalizeSlug, slugProblem } from "../platform/slugs";

export interface OpenTenant {
  id: string;
  numericId: bigint;
  name: string;
  slug: string;
  databaseName: string;
}

/** The tenant row for a slug whatever its state (null for an invalid or unknown slug). */
export async function findTenantBySlug(slug: string) {
  const normalized = normalizeSlug(slug);
  if (slugProblem(normalized)) return null;
  return landlord().tenant.findUnique({
    where: { slug: normalized },
    select: { id: true, numericId: true, name: true, slug: true, databaseName: true, status: true, deletedAt: true },
  });
}

export function isOpen(tenant: { status: string; deletedAt: Date | null } | null): boolean {
  return tenant !== null && tenant.status === "active" && tenant.deletedAt === null;
}

/** The tenant at /{slug} if people may sign in to it now; null otherwise (unknown, invalid, suspended, deleted). */
export async function findOpenTenant(slug: string): Promise<OpenTenant | null> {
  const tenant = await findTenantBySlug(slug);
  if (!tenant || !isOpen(tenant)) return null;
  const { status: _status, deletedAt: _deletedAt, ...open } = tenant;
  return open;
}
