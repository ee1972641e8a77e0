// `tenants backup:verify <slug|--all>`: restores a backup into a scratch
// database, compares every table's row count and row hash with the manifest,
// and drops the scratch database. The result is recorded on the backup: one
// that fails is marked so and never counts as good again.
import "server-only";
import { landlord } from "../../db/landlord";
import { landlordDatabase, type ServerConfig } from "../../db/server";
import { tenantAdminConfig } from "../../db/servers";
import { env } from "../../env";
import { AppError, describeError, isAppError } from "../../errors";
import type { TenantBackup } from "../../generated/landlord/client";
import { type Actor, audit } from "../../platform/audit";
import { mapBounded } from "../concurrency";
import { loadFleet } from "../fleet";
import { tenantBySlug } from "./backup-tenant";
import { compareWithManifest, loadInto, openBackupFile } from "./load-backup";
import { landlordLock, tenantLock, withOperationLock } from "./locks";
import { absolutePath } from "./paths";
import { settleInterrupted } from "./records";
import { dropCatalogued, recordScratch, scratchName } from "./scratch";

export interface VerifyResult {
  backupId: string;
  slug: string | null;
  passed: boolean;
  problems: string[];
  durationMs: number;
}

/** Where a verification loads its scratch copy: the tenant's server (the landlord's for a landlord backup). */
async function scratchServer(row: TenantBackup): Promise<ServerConfig> {
  if (row.kind === "tenant") {
    const tenant = row.tenantId ? await landlord().tenant.findUnique({ where: { id: row.tenantId } }) : null;
    return tenantAdminConfig(tenant ?? { serverId: null });
  }
  const { database: _landlord, ...server } = landlordDatabase();
  return server;
}

/** Verifies one backup; the caller holds its owner's operation lock. */
export async function verifyBackupLocked(row: TenantBackup, actor: Actor): Promise<VerifyResult> {
  const started = Date.now();
  if (row.status !== "succeeded" || !row.file) {
    throw new AppError(
      "INVALID_STATE",
      `Backup ${row.id} did not succeed (${row.status}); there is nothing to verify.`,
    );
  }
  if (row.prunedAt) throw new AppError("INVALID_STATE", `Backup ${row.id} was pruned; its file is gone.`);
  const server = await scratchServer(row);
  const problems: string[] = [];
  const scratch = scratchName(row.slug ?? "landlord", "v");
  try {
    const opened = await openBackupFile(absolutePath(row.file), {
      id: row.id,
      checksum: row.checksum,
      sealedKey: row.dataKey,
      tenantId: row.kind === "tenant" ? row.tenantId : null,
    });
    await recordScratch(server, scratch, row.tenantId, `verification of backup ${row.id}`);
    try {
      await loadInto(opened, server, scratch);
      problems.push(...(await compareWithManifest(server, scratch, opened.manifest)));
    } finally {
      await dropCatalogued(server, scratch);
    }
  } catch (error) {
    if (!isAppError(error, "INVALID_INPUT") && !isAppError(error, "NOT_FOUND") && !isLoadError(error)) throw error;
    problems.push(describeError(error));
  }
  const passed = problems.length === 0;
  await landlord().tenantBackup.update({
    where: { id: row.id },
    data: {
      verification: passed ? "passed" : "failed",
      verifiedAt: new Date(),
      ...(passed ? {} : { error: `Verification failed: ${problems.join("; ")}`.slice(0, 60_000) }),
    },
  });
  await audit({
    actor,
    action: "tenant.backup_verified",
    tenantId: row.tenantId,
    context: { backupId: row.id, slug: row.slug, kind: row.kind, passed, problems: problems.slice(0, 20) },
  });
  return { backupId: row.id, slug: row.slug, passed, problems, durationMs: Date.now() - started };
}

// SQL the server refused while loading (a file that authenticates but does not load) is the backup's fault.
function isLoadError(error: unknown): boolean {
  return typeof (error as { sqlState?: unknown } | null)?.sqlState === "string";
}

async function withOwnerLock<T>(row: TenantBackup, work: () => Promise<T>): Promise<T> {
  if (row.kind === "landlord") {
    return withOperationLock(landlordLock(), "The landlord database", async () => {
      await settleInterrupted({ kind: "landlord" });
      return work();
    });
  }
  if (!row.tenantId) throw new AppError("INVALID_STATE", `Backup ${row.id}'s tenant no longer exists.`);
  const tenantId = row.tenantId;
  return withOperationLock(tenantLock(tenantId), `Tenant ${row.slug}`, async () => {
    await settleInterrupted({ kind: "tenant", tenantId });
    return work();
  });
}

export async function verifyBackup(backupId: string, actor: Actor): Promise<VerifyResult> {
  const row = await landlord().tenantBackup.findUnique({ where: { id: backupId } });
  if (!row) throw new AppError("NOT_FOUND", `No backup ${backupId}.`);
  return withOwnerLock(row, () => verifyBackupLocked(row, actor));
}

/** The newest succeeded backup of a tenant (or of the landlord, with slug null) that still has its file. */
export async function newestBackup(slug: string | null): Promise<TenantBackup> {
  const where =
    slug === null
      ? { kind: "landlord" as const }
      : { kind: "tenant" as const, tenantId: (await tenantBySlug(slug)).id };
  const row = await landlord().tenantBackup.findFirst({
    where: { ...where, status: "succeeded", prunedAt: null },
    orderBy: { startedAt: "desc" },
  });
  if (!row)
    throw new AppError(
      "NOT_FOUND",
      slug === null ? "The landlord database has no backup yet." : `Tenant ${slug} has no backup yet.`,
    );
  return row;
}

export interface FleetVerifyResult {
  slug: string;
  outcome: "passed" | "failed" | "error";
  result?: VerifyResult;
  reason?: string;
}

/** The newest backup of every tenant, `concurrency` at a time. */
export async function verifyFleet(options: {
  actor: Actor;
  concurrency?: number;
  onStart?: (total: number) => void;
  onResult?: (result: FleetVerifyResult) => void;
}): Promise<FleetVerifyResult[]> {
  const fleet = await loadFleet();
  options.onStart?.(fleet.length);
  const results = new Array<FleetVerifyResult>(fleet.length);
  await mapBounded(
    fleet,
    options.concurrency ?? env().BACKUP_CONCURRENCY,
    async (tenant) => {
      const row = await newestBackup(tenant.slug);
      return withOwnerLock(row, () => verifyBackupLocked(row, options.actor));
    },
    (settled, tenant, index) => {
      const entry: FleetVerifyResult = settled.ok
        ? { slug: tenant.slug, outcome: settled.value.passed ? "passed" : "failed", result: settled.value }
        : { slug: tenant.slug, outcome: "error", reason: describeError(settled.error) };
      results[index] = entry;
      options.onResult?.(entry);
    },
  );
  return results;
}
