// `tenants backup:prune`: retention. For each tenant (deleted and purged ones
// too) and for the landlord: the newest BACKUP_KEEP_LAST good backups and every
// backup younger than BACKUP_KEEP_DAYS are kept; the others' files are removed
// and their rows marked pruned (the rows stay, as history). A failed or
// unverifiable backup never counts among the kept good ones. `running` rows
// whose owner's lock is free were interrupted: they are settled failed first.
import "server-only";
import { landlord } from "../../db/landlord";
import { env } from "../../env";
import type { TenantBackup } from "../../generated/landlord/client";
import { type Actor, audit } from "../../platform/audit";
import { type BackupOwner, INTERRUPTED, ownerBusy, removeBackupFiles } from "./records";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface PruneOptions {
  actor: Actor;
  dryRun?: boolean;
  now?: Date;
  keepLast?: number;
  keepDays?: number;
}

export interface PruneReport {
  pruned: { id: string; slug: string | null; file: string | null; startedAt: Date; status: string }[];
  kept: number;
  interrupted: number;
}

function isGood(row: TenantBackup): boolean {
  return row.status === "succeeded" && row.verification !== "failed";
}

/** Which of one owner's backups (newest first) retention removes. */
export function toPrune(rows: TenantBackup[], now: Date, keepLast: number, keepDays: number): TenantBackup[] {
  const cutoff = now.getTime() - keepDays * DAY_MS;
  let good = 0;
  const out: TenantBackup[] = [];
  for (const row of rows) {
    if (row.status === "running") continue;
    const counted = isGood(row) && good < keepLast;
    if (isGood(row)) good++;
    if (counted || row.startedAt.getTime() >= cutoff) continue;
    out.push(row);
  }
  return out;
}

function ownerOf(row: TenantBackup): BackupOwner | null {
  if (row.kind === "landlord") return { kind: "landlord" };
  return row.tenantId ? { kind: "tenant", tenantId: row.tenantId } : null;
}

export async function pruneBackups(options: PruneOptions): Promise<PruneReport> {
  const config = env();
  const now = options.now ?? new Date();
  const keepLast = options.keepLast ?? config.BACKUP_KEEP_LAST;
  const keepDays = options.keepDays ?? config.BACKUP_KEEP_DAYS;
  const rows = await landlord().tenantBackup.findMany({ where: { prunedAt: null }, orderBy: { startedAt: "desc" } });
  const groups = new Map<string, TenantBackup[]>();
  for (const row of rows) {
    const key = row.kind === "landlord" ? "landlord" : (row.tenantId ?? `slug:${row.slug}`);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const report: PruneReport = { pruned: [], kept: 0, interrupted: 0 };
  for (const group of groups.values()) {
    for (const row of group.filter((r) => r.status === "running")) {
      const owner = ownerOf(row);
      if (owner && (await ownerBusy(owner))) continue;
      report.interrupted++;
      if (options.dryRun) continue;
      await removeBackupFiles(row.file);
      await landlord().tenantBackup.updateMany({
        where: { id: row.id, status: "running" },
        data: { status: "failed", error: INTERRUPTED, finishedAt: now },
      });
      row.status = "failed";
    }
    const doomed = toPrune(group, now, keepLast, keepDays);
    report.kept += group.length - doomed.length;
    for (const row of doomed) {
      report.pruned.push({ id: row.id, slug: row.slug, file: row.file, startedAt: row.startedAt, status: row.status });
      if (options.dryRun) continue;
      await removeBackupFiles(row.file);
      await landlord().tenantBackup.update({ where: { id: row.id }, data: { prunedAt: now } });
    }
  }
  if (!options.dryRun && report.pruned.length + report.interrupted > 0) {
    await audit({
      actor: options.actor,
      action: "tenant.backups_pruned",
      context: {
        keepLast,
        keepDays,
        pruned: report.pruned.length,
        interrupted: report.interrupted,
        ids: report.pruned.slice(0, 200).map((p) => p.id),
      },
    });
  }
  return report;
}
