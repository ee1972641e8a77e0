// `tenants backup <slug> | --all [--concurrency N] | --landlord` and `tenants backup:list <slug> | --landlord`.
import { env } from "@/lib/env";
import {
  backupFleet,
  backupLandlord,
  backupTenant,
  type FleetBackupResult,
} from "@/lib/operations/backups/backup-tenant";
import { listBackups, listOwnerBackups } from "@/lib/operations/backups/records";
import type { BackupResult } from "@/lib/operations/backups/take-backup";
import { type Command, type Context, json, str, UsageError, type Values } from "../command";
import { type Column, formatBytes, formatDate, plural, printJson, println, table } from "../output";
import { progress } from "../progress";

export function concurrencyOf(values: Values): number {
  const value = str(values, "concurrency");
  if (value === undefined) return env().BACKUP_CONCURRENCY;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 64) {
    throw new UsageError(`--concurrency must be a whole number from 1 to 64 (got "${value}")`);
  }
  return n;
}

/** Exactly one of <slug>, --all, --landlord. */
export function targetOf(
  name: string,
  { values, positionals: [slug] }: Context,
): "all" | "landlord" | { slug: string } {
  const chosen = [slug !== undefined, Boolean(values.all), Boolean(values.landlord)].filter(Boolean).length;
  if (chosen !== 1) throw new UsageError(`${name} needs exactly one of <slug>, --all or --landlord`);
  if (values.all) return "all";
  if (values.landlord) return "landlord";
  return { slug: slug as string };
}

function describeBackup(what: string, r: BackupResult): string {
  const tables = r.tables.length;
  return `${what}: ${plural(r.rowCount, "row")} in ${plural(tables, "table")}, ${formatBytes(r.sizeBytes)} → ${r.file} in ${(r.durationMs / 1000).toFixed(1)} s (backup ${r.id})`;
}

function describeFleet(r: FleetBackupResult): string {
  if (r.outcome === "backed-up" && r.backup) return describeBackup(r.slug, r.backup);
  return `${r.slug}: ${r.outcome === "failed" ? "FAILED" : "skipped"}: ${r.reason}`;
}

async function backup(ctx: Context): Promise<number> {
  const { values, io, actor } = ctx;
  const target = targetOf("backup", ctx);
  const asJson = Boolean(values.json);
  if (target !== "all") {
    const result = target === "landlord" ? await backupLandlord({ actor }) : await backupTenant(target.slug, { actor });
    if (asJson) printJson(io.stdout, result);
    else
      println(
        io.stdout,
        `Backed up ${describeBackup(target === "landlord" ? "the landlord database" : target.slug, result)}.`,
      );
    return 0;
  }
  const concurrency = concurrencyOf(values);
  let bar: ReturnType<typeof progress> | undefined;
  const report = await backupFleet({
    actor,
    concurrency,
    onStart: (total) => {
      if (asJson || total === 0) return;
      println(io.stdout, `Backing up ${plural(total, "tenant")}, ${concurrency} at a time.`);
      bar = progress(io.stdout, total, "tenants");
    },
    onResult: (result) => bar?.tick(describeFleet(result)),
  });
  bar?.done();
  const failed = report.results.filter((r) => r.outcome === "failed");
  if (asJson) {
    printJson(io.stdout, report);
    return failed.length > 0 ? 1 : 0;
  }
  if (report.results.length === 0) {
    println(io.stdout, "No tenants to back up.");
    return 0;
  }
  const bytes = report.results.reduce((n, r) => n + (r.backup?.sizeBytes ?? 0), 0);
  println(
    io.stdout,
    `${plural(report.results.length, "tenant")}: ${report.counts["backed-up"]} backed up (${formatBytes(bytes)}), ` +
      `${report.counts.failed} failed, ${report.counts.skipped} skipped in ${(report.durationMs / 1000).toFixed(1)} s.`,
  );
  for (const r of report.results.filter((r) => r.outcome === "skipped")) println(io.stdout, `- ${describeFleet(r)}`);
  for (const r of failed) println(io.stdout, `✖ ${r.slug}: ${r.reason}`);
  return failed.length > 0 ? 1 : 0;
}

export const backupCommand: Command = {
  options: { all: { type: "boolean" }, landlord: { type: "boolean" }, concurrency: { type: "string" }, ...json },
  positionals: 1,
  minPositionals: 0,
  run: backup,
};

async function list(ctx: Context): Promise<number> {
  const { values, io, positionals } = ctx;
  const [slug] = positionals;
  if ((slug === undefined) === !values.landlord) throw new UsageError("backup:list needs a tenant slug or --landlord");
  const rows = slug === undefined ? await listOwnerBackups({ kind: "landlord" }) : await listBackups(slug);
  if (values.json) {
    printJson(io.stdout, rows);
    return 0;
  }
  const columns: Column<(typeof rows)[number]>[] = [
    { header: "ID", value: (r) => r.id },
    { header: "STARTED (UTC)", value: (r) => formatDate(r.startedAt) },
    { header: "STATUS", value: (r) => (r.prunedAt ? "pruned" : r.status) },
    { header: "VERIFIED", value: (r) => r.verification },
    { header: "SIZE", value: (r) => (r.sizeBytes === null ? "" : formatBytes(r.sizeBytes)), align: "right" },
    { header: "ROWS", value: (r) => (r.rowCount === null ? "" : String(r.rowCount)), align: "right" },
    { header: "REASON", value: (r) => r.reason },
    { header: "FILE", value: (r) => r.file ?? "" },
  ];
  for (const line of table(columns, rows)) println(io.stdout, line);
  const good = rows.filter((r) => r.good).length;
  println(io.stdout, `\n${plural(rows.length, "backup")}, ${good} good.`);
  for (const r of rows.filter((r) => r.error && !r.prunedAt)) println(io.stdout, `- ${r.id}: ${r.error}`);
  return 0;
}

export const backupListCommand: Command = {
  options: { landlord: { type: "boolean" }, ...json },
  positionals: 1,
  minPositionals: 0,
  run: list,
};
