// `tenants list`: every tenant that is not soft-deleted, oldest first.
import "server-only";
import { type FleetTenant, loadFleet, type TenantStatus } from "./fleet";

export async function listTenants(options: { status?: TenantStatus } = {}): Promise<FleetTenant[]> {
  return loadFleet({ statuses: options.status ? [options.status] : undefined });
}
