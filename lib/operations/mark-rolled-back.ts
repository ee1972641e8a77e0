// `tenants migrate:mark-rolled-back <slug> <migration>`: after an operator has
// repaired a tenant database whose migration failed half-way, marks that
// migration rolled back (as `prisma migrate resolve --rolled-back` would), so
// the next `tenants migrate` applies it again. Refused when the migration has
// no failed, unresolved record there. Audited; the tenant's snapshot is refreshed.
import "server-only";
import { markRolledBack } from "../db/migrator";
import { tenantAdminConfig } from "../db/servers";
import { AppError, describeError } from "../errors";
import { type Actor, audit } from "../platform/audit";
import { loadFleet } from "./fleet";
import { refreshSnapshots } from "./tenant-snapshots";

const MIGRATION_NAME = /^[A-Za-z0-9_.-]{1,255}$/;

export async function markMigrationRolledBack(
  slug: string,
  migration: string,
  actor: Actor,
  options: { reason?: string } = {},
): Promise<{ slug: string; database: string; migration: string }> {
  if (!MIGRATION_NAME.test(migration)) {
    throw new AppError(
      "INVALID_INPUT",
      `"${migration}" is not a migration name (a folder of prisma/tenant/migrations).`,
    );
  }
  const [tenant] = await loadFleet({ slug });
  if (!tenant) throw new AppError("NOT_FOUND", `no tenant with slug ${slug}`);
  const marked = await markRolledBack(await tenantAdminConfig(tenant), tenant.database, migration);
  if (!marked) {
    throw new AppError(
      "INVALID_STATE",
      `Migration ${migration} has no failed, unresolved record in ${tenant.database}: nothing to mark.`,
    );
  }
  await audit({
    actor,
    action: "tenant.migration_rolled_back",
    tenantId: tenant.id,
    context: {
      slug: tenant.slug,
      database: tenant.database,
      migration,
      ...(options.reason ? { reason: options.reason } : {}),
    },
  });
  await refreshSnapshots({ slug: tenant.slug }).catch((error: unknown) => {
    console.error(`[snapshots] could not refresh ${tenant.slug}:`, describeError(error));
  });
  return { slug: tenant.slug, database: tenant.database, migration };
}
