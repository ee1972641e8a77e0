// "Run migrations now" and "health check now" for one tenant, from its
// console page: the same lib functions as `tenants migrate --slug` and
// `tenants health-check --slug`, then the tenant's snapshot refreshed so the
// tenants list shows the result at once.
import "server-only";
import { describeError } from "../errors";
import type { Actor } from "../platform/audit";
import { checkHealth, type TenantHealth } from "./health";
import { migrateFleet, type TenantMigrateResult } from "./migrate";
import { refreshSnapshots } from "./tenant-snapshots";

/** Refreshing is a courtesy after the work: its failure is logged, never the work's. */
async function refreshQuietly(slug: string): Promise<void> {
  await refreshSnapshots({ slug }).catch((error: unknown) => {
    console.error(`[snapshots] could not refresh ${slug}:`, describeError(error));
  });
}

/** Applies the tenant's pending migrations (skipped while a restore or a move holds it), audited with the reason. */
export async function migrateTenantNow(slug: string, reason: string, actor: Actor): Promise<TenantMigrateResult> {
  const report = await migrateFleet({ slug, actor, reason, concurrency: 1 });
  const [result] = report.results;
  await refreshQuietly(slug);
  if (!result) throw new Error(`migrateFleet returned no result for ${slug}`);
  return result;
}

/** The tenant's health as `tenants health-check` judges it. */
export async function checkTenantNow(slug: string): Promise<TenantHealth> {
  const report = await checkHealth({ slug });
  const [result] = report.tenants;
  await refreshQuietly(slug);
  if (!result) throw new Error(`checkHealth returned no result for ${slug}`);
  return result;
}
