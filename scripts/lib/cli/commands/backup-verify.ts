// `tenants backup:verify <slug> | --all | --landlord [--backup ID]` and `tenants backup:prune [--dry-run]`.
import { pruneBackups } from "@/lib/operations/backups/prune";
import {
  type FleetVerifyResult,
  newestBackup,
  verifyBackup,
  verifyFleet,
} from "@/lib/operations/backups/verify-backup";
import { type Command, type Context, json, str, UsageError } from "../command";
import { formatDate, plural, printJson, println } from "../output";
import { progress } from "../progress";
import { concurrencyOf, targetOf } from "./backup";

function line(r: FleetVerifyResult): string {
  if (r.outcome === "error") return `${r.slug}: could not verify: ${r.reason}`;
  const v = r.result;
  if (!v) return `${r.slug}: ${r.outcome}`;
  return r.outcome === "passed"
    ? `${r.slug}: backup ${v.backupId} verified (${(v.durationMs / 1000).toFixed(1)} s)`
    : `${r.slug}: backup ${v.backupId} FAILED verification: ${v.problems.join("; ")}`;
}

async function verify(ctx: Context): Promise<number> {
  const { values, io, actor } = ctx;
  const backupId = str(values, "backup");
  const target =
    backupId !== undefined && ctx.positionals.length === 0 && !values.all && !values.landlord
      ? undefined
      : targetOf("backup:verify", ctx);
  if (target === "all") {
    if (backupId) throw new UsageError("backup:verify --all verifies each tenant's newest backup; drop --backup");
    let bar: ReturnType<typeof progress> | undefined;
    const results = await verifyFleet({
      actor,
      concurrency: concurrencyOf(values),
      onStart: (total) => {
        if (!values.json && total > 0) bar = progress(io.stdout, total, "backups verified");
      },
      onResult: (r) => bar?.tick(line(r)),
    });
    bar?.done();
    const bad = results.filter((r) => r.outcome !== "passed");
    if (values.json) printJson(io.stdout, results);
    else {
      println(
        io.stdout,
        `${plural(results.length, "tenant")}: ${results.length - bad.length} verified, ${bad.length} not.`,
      );
      for (const r of bad) println(io.stdout, `✖ ${line(r)}`);
    }
    return bad.length > 0 ? 1 : 0;
  }
  const id = backupId ?? (await newestBackup(target === "landlord" ? null : (target as { slug: string }).slug)).id;
  const result = await verifyBackup(id, actor);
  if (values.json) printJson(io.stdout, result);
  else if (result.passed) {
    println(
      io.stdout,
      `Backup ${result.backupId} verified: restored into a scratch database, every table matches its manifest.`,
    );
  } else {
    println(io.stdout, `✖ Backup ${result.backupId} FAILED verification; it no longer counts as a good backup:`);
    for (const problem of result.problems) println(io.stdout, `  - ${problem}`);
  }
  return result.passed ? 0 : 1;
}

export const backupVerifyCommand: Command = {
  options: {
    all: { type: "boolean" },
    landlord: { type: "boolean" },
    backup: { type: "string" },
    concurrency: { type: "string" },
    ...json,
  },
  positionals: 1,
  minPositionals: 0,
  run: verify,
};

async function prune({ values, io, actor }: Context): Promise<number> {
  const report = await pruneBackups({ actor, dryRun: Boolean(values["dry-run"]) });
  if (values.json) {
    printJson(io.stdout, report);
    return 0;
  }
  for (const p of report.pruned) {
    println(
      io.stdout,
      `${values["dry-run"] ? "would remove" : "removed"} ${p.slug ?? "landlord"} ${formatDate(p.startedAt)} ${p.status} ${p.file ?? ""}`,
    );
  }
  const verb = values["dry-run"] ? "Would prune" : "Pruned";
  println(
    io.stdout,
    `${verb} ${plural(report.pruned.length, "backup")}; kept ${report.kept}; ${plural(report.interrupted, "interrupted backup")} settled as failed.`,
  );
  return 0;
}

export const backupPruneCommand: Command = {
  options: { "dry-run": { type: "boolean" }, ...json },
  positionals: 0,
  run: prune,
};
