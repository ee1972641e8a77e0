// `tenants backup <slug>`, `backup --all [--concurrency N]` and `backup
// --landlord`: a backup of one tenant, of every tenant (a failed tenant is
// reported and the others go on), or of the landlord database itself. Each
// holds its owner's operation lock while it works, so a second backup, a
// restore or a deletion of the same tenant waits its turn.
import "server-only";
import { landlord } from "../../db/landlord";
import { landlordDatabase } from "../../db/server";
import { tenantAdminConfig } from "../../db/servers";
import { tenantDatabaseName } from "../../db/tenant-database";
import { env } from "../../env";
import { describeError } from "../../errors";
import type { Tenant } from "../../generated/landlord/client";
import { type Actor, audit } from "../../platform/audit";
import { normalizeSlug } from "../../platform/slugs";
import { mapBounded } from "../concurrency";
import { liveProvisioning, loadFleet, noSuchTenant } from "../fleet";
import { landlordLock, tenantLock, withOperationLock } from "./locks";
import { LANDLORD_FOLDER } from "./paths";
import { settleInterrupted } from "./records";
import { type BackupReason, type BackupResult, takeBackup } from "./take-backup";

export interface BackupOptions {
  actor: Actor;
  reason?: BackupReason;
}

/** A tenant row by slug, deleted or not (a deleted tenant is backed up before it is purged). */
export async function tenantBySlug(slugInput: string): Promise<Tenant> {
  const slug = normalizeSlug(slugInput);
  const tenant = await landlord().tenant.findUnique({ where: { slug } });
  if (!tenant) throw noSuchTenant(slug);
  return tenant;
}

/** The backup itself, for a caller that already holds the tenant's operation lock. */
export async function backupTenantLocked(tenant: Tenant, options: BackupOptions): Promise<BackupResult> {
  await settleInterrupted({ kind: "tenant", tenantId: tenant.id });
  return takeBackup(
    {
      kind: "tenant",
      tenant: { id: tenant.id, numericId: tenant.numericId, slug: tenant.slug, name: tenant.name },
      database: tenantDatabaseName(tenant),
      server: await tenantAdminConfig(tenant),
      folder: tenant.slug,
    },
    { actor: options.actor, reason: options.reason ?? "manual" },
  );
}

async function audited(tenant: Tenant, options: BackupOptions, result: BackupResult): Promise<BackupResult> {
  await audit({
    actor: options.actor,
    action: "tenant.backed_up",
    tenantId: tenant.id,
    context: {
      slug: tenant.slug,
      backupId: result.id,
      file: result.file,
      sizeBytes: result.sizeBytes,
      rowCount: result.rowCount,
      reason: options.reason ?? "manual",
    },
  });
  return result;
}

export async function backupTenant(slug: string, options: BackupOptions): Promise<BackupResult> {
  const tenant = await tenantBySlug(slug);
  const result = await withOperationLock(tenantLock(tenant.id), `Tenant ${tenant.slug}`, () =>
    backupTenantLocked(tenant, options),
  );
  return audited(tenant, options, result);
}

export interface FleetBackupResult {
  slug: string;
  database: string;
  outcome: "backed-up" | "failed" | "skipped";
  backup?: BackupResult;
  reason?: string;
}

export interface FleetBackupOptions extends BackupOptions {
  concurrency?: number;
  /** Only these slugs (the schedule passes the tenants that are due). */
  slugs?: readonly string[];
  onStart?: (total: number) => void;
  onResult?: (result: FleetBackupResult, finished: number, total: number) => void;
}

/** Every tenant that is not deleted, `concurrency` at a time. */
export async function backupFleet(options: FleetBackupOptions) {
  const started = Date.now();
  const concurrency = options.concurrency ?? env().BACKUP_CONCURRENCY;
  const wanted = options.slugs ? new Set(options.slugs) : undefined;
  const fleet = (await loadFleet()).filter((t) => !wanted || wanted.has(t.slug));
  const live = await liveProvisioning();
  const rows = new Map(
    (await landlord().tenant.findMany({ where: { id: { in: fleet.map((t) => t.id) } } })).map((t) => [t.id, t]),
  );
  options.onStart?.(fleet.length);
  const results = new Array<FleetBackupResult>(fleet.length);
  let finished = 0;
  await mapBounded(
    fleet,
    concurrency,
    async (entry): Promise<FleetBackupResult> => {
      const base = { slug: entry.slug, database: entry.database };
      const tenant = rows.get(entry.id);
      if (!tenant || live.tenantIds.has(entry.id)) {
        return { ...base, outcome: "skipped", reason: "a provisioning run is working on it" };
      }
      const backup = await withOperationLock(tenantLock(tenant.id), `Tenant ${tenant.slug}`, () =>
        backupTenantLocked(tenant, options),
      );
      return { ...base, outcome: "backed-up", backup };
    },
    (result, entry, index) => {
      results[index] = result.ok
        ? result.value
        : { slug: entry.slug, database: entry.database, outcome: "failed", reason: describeError(result.error) };
      options.onResult?.(results[index] as FleetBackupResult, ++finished, fleet.length);
    },
  );
  const counts = { "backed-up": 0, failed: 0, skipped: 0 };
  for (const r of results) counts[r.outcome]++;
  const durationMs = Date.now() - started;
  await audit({
    actor: options.actor,
    action: "tenant.backed_up",
    context: {
      all: true,
      reason: options.reason ?? "manual",
      tenants: results.length,
      ...counts,
      bytes: results.reduce((n, r) => n + (r.backup?.sizeBytes ?? 0), 0),
      failures: results
        .filter((r) => r.outcome === "failed")
        .slice(0, 100)
        .map((r) => ({ slug: r.slug, reason: r.reason ?? "" })),
      concurrency,
      durationMs,
    },
  });
  return { results, counts, concurrency, durationMs };
}

/** The landlord database itself (`tenants backup --landlord`), under BACKUP_DIR/_landlord. */
export async function backupLandlord(options: BackupOptions): Promise<BackupResult> {
  const { database, ...server } = landlordDatabase();
  const result = await withOperationLock(landlordLock(), "The landlord database", async () => {
    await settleInterrupted({ kind: "landlord" });
    return takeBackup(
      { kind: "landlord", tenant: null, database, server, folder: LANDLORD_FOLDER },
      { actor: options.actor, reason: options.reason ?? "manual" },
    );
  });
  await audit({
    actor: options.actor,
    action: "landlord.backed_up",
    context: { backupId: result.id, file: result.file, sizeBytes: result.sizeBytes, rowCount: result.rowCount },
  });
  return result;
}
