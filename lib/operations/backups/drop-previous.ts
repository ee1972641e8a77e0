// The database a restore replaced is kept (catalogued `previous`) until an
// operator drops it: `tenants restore:drop-previous <slug>`, or `restore
// --drop-previous` at once. Never the database the tenant uses.
import "server-only";
import { tenantDatabases } from "../../db/catalog";
import { landlord } from "../../db/landlord";
import { adminConfigByLabel, tenantAdminConfig } from "../../db/servers";
import type { Tenant } from "../../generated/landlord/client";
import { type Actor, audit } from "../../platform/audit";
import { tenantBySlug } from "./backup-tenant";
import { tenantLock, withOperationLock } from "./locks";
import { dropCatalogued } from "./scratch";

/** Drops one kept database; the caller holds the tenant's operation lock. */
export async function dropPreviousDatabase(tenant: Tenant, name: string, actor: Actor): Promise<void> {
  const entry = await landlord().databaseCatalogEntry.findFirst({ where: { tenantId: tenant.id, name } });
  await dropCatalogued(entry ? await adminConfigByLabel(entry.server) : await tenantAdminConfig(tenant), name);
  await audit({
    actor,
    action: "tenant.previous_dropped",
    tenantId: tenant.id,
    context: { slug: tenant.slug, database: name },
  });
}

/** `tenants restore:drop-previous <slug>`: drops the databases kept after earlier restores. */
export async function dropPreviousDatabases(slugInput: string, actor: Actor): Promise<string[]> {
  const tenant = await tenantBySlug(slugInput);
  return withOperationLock(tenantLock(tenant.id), `Tenant ${tenant.slug}`, async () => {
    const current = (await landlord().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).databaseName;
    const dropped: string[] = [];
    for (const entry of await tenantDatabases(tenant.id, ["previous"])) {
      if (entry.name === current) continue; // never the database the tenant uses
      await dropPreviousDatabase(tenant, entry.name, actor);
      dropped.push(entry.name);
    }
    return dropped;
  });
}
