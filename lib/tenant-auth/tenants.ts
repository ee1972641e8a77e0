// Which tenant a slug names, for signing in and for every tenant request. Only
// an active, not soft-deleted tenant is open: a suspended or deleted one lets
// nobody in, and its existing sessions stop working at the next request.
import "server-only";
import { landlord } from "../db/landlord";
import type { TenantConnectionRef } from "../db/tenant-database";
import { normalizeSlug, slugProblem } from "../platform/slugs";

// Read at every request, never cached: a move, a restore or a credentials
// reset changes the connection key (lib/db/tenant-database.ts), so every
// portal process reconnects at its next request.
export interface OpenTenant extends TenantConnectionRef {
  numericId: bigint;
  name: string;
  slug: string;
}

const TENANT_SELECT = {
  id: true,
  numericId: true,
  name: true,
  slug: true,
  databaseName: true,
  status: true,
  deletedAt: true,
  serverId: true,
  credentialSlot: true,
  credentialVersion: true,
} as const;

/** The tenant row for a slug whatever its state (null for an invalid or unknown slug). */
export async function findTenantBySlug(slug: string) {
  const normalized = normalizeSlug(slug);
  if (slugProblem(normalized)) return null;
  return landlord().tenant.findUnique({
    where: { slug: normalized },
    select: TENANT_SELECT,
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
