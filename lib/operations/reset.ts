// `tenants reset --force`: development only. Drops the database (and the
// database users) of every tenant row (soft-deleted ones too), deletes every tenant row and every
// password setup token, and unlinks the applications from their tenants.
// Applications stay as they are, so their slugs stay held (the unique
// `active_slug`); databases with no tenant row are `cleanup`'s business.
import "server-only";
import { landlord } from "../db/landlord";
import { dropDatabase } from "../db/server";
import { evictTenantClient } from "../db/tenant-clients";
import { dropDatabaseUser, tenantUsername } from "../db/tenant-credentials";
import { tenantDatabaseName } from "../db/tenant-database";
import { env } from "../env";
import { AppError } from "../errors";
import { type Actor, audit } from "../platform/audit";
import { withServerOf } from "./fleet";

export interface ResetReport {
  databases: string[];
  tenants: number;
  tokens: number;
  applicationsUnlinked: number;
  /** Applications that still hold their slug (every status but rejected). */
  slugsStillHeld: number;
}

export async function resetTenants(options: { actor: Actor }): Promise<ResetReport> {
  if (env().production) {
    throw new AppError("FORBIDDEN", `reset is for development only: refused because ${env().APP_URL} is production.`);
  }
  const db = landlord();
  const tenants = await db.tenant.findMany({ select: { id: true, slug: true, databaseName: true, serverId: true } });
  const databases = tenants.map(tenantDatabaseName);
  for (const tenant of tenants) {
    const database = tenantDatabaseName(tenant);
    evictTenantClient(database);
    await withServerOf(tenant, async (conn) => {
      await dropDatabase(conn, database);
      for (const slot of ["a", "b"] as const) await dropDatabaseUser(conn, tenantUsername(tenant.id, slot));
    });
  }
  return db.$transaction(async (tx) => {
    const unlinked = await tx.tenantApplication.updateMany({
      where: { tenantId: { not: null } },
      data: { tenantId: null },
    });
    const tokens = await tx.passwordSetupToken.deleteMany({});
    const removed = await tx.tenant.deleteMany({ where: { id: { in: tenants.map((t) => t.id) } } });
    const slugsStillHeld = await tx.tenantApplication.count({ where: { activeSlug: { not: null } } });
    const report: ResetReport = {
      databases,
      tenants: removed.count,
      tokens: tokens.count,
      applicationsUnlinked: unlinked.count,
      slugsStillHeld,
    };
    await audit(
      { actor: options.actor, action: "tenant.reset", context: { ...report, databases: databases.slice(0, 500) } },
      tx,
    );
    return report;
  });
}
