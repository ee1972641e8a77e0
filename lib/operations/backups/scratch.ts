// Databases a backup operation makes beside a tenant's own: a verification's
// scratch copy (`__v`), a restore's new database (`__r`). Their names carry a
// double underscore, which no slug can produce (slugs have single hyphens), so
// they never collide with a tenant's `tenant_{slug}`; they stay inside the
// tenant prefix, where cleanup looks. Each is in the catalog before it exists.
import "server-only";
import { randomBytes } from "node:crypto";
import { forgetDatabase, recordDatabase } from "../../db/catalog";
import { DATABASE_PREFIX } from "../../db/identifiers";
import { dropDatabase, type ServerConfig, withServerConnection } from "../../db/server";
import { evictTenantClient } from "../../db/tenant-clients";

export function scratchName(stem: string, purpose: "r" | "v"): string {
  const safe = stem
    .replaceAll("-", "_")
    .replace(/[^a-z0-9_]/g, "")
    .slice(0, 40);
  return `${DATABASE_PREFIX}${safe}__${purpose}${randomBytes(5).toString("hex")}`;
}

/** Records a scratch database for `tenantId` (null: the landlord's) before it is created. */
export function recordScratch(server: ServerConfig, name: string, tenantId: string | null, createdBy: string) {
  return recordDatabase({ server, name, role: "scratch", tenantId, createdBy });
}

/** Drops a catalogued database and its record. */
export async function dropCatalogued(server: ServerConfig, name: string): Promise<void> {
  evictTenantClient(name);
  await withServerConnection(server, (conn) => dropDatabase(conn, name));
  await forgetDatabase(server, name);
}
