// `tenants migrate`.
import { DEFAULT_MIGRATE_CONCURRENCY, migrateFleet, type TenantMigrateResult } from "@/lib/operations/migrate";
import { type Command, type Context, dir, dirOf, json, slug, str, UsageError, type Values } from "../command";
import { plural, printJson, println } from "../output";
import { progress } from "../progress";

function concurrencyOf(values: Values): number {
  const value = str(values, "concurrency");
  if (value === undefined) return DEFAULT_MIGRATE_CONCURRENCY;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 64) {
    throw new UsageError(`--concurrency must be a whole number from 1 to 64 (got "${value}")`);
  }
  return n;
}

function describeResult(r: TenantMigrateResult): string {
  const what = `${r.slug} (${r.database}${r.server ? ` on ${r.server}` : ""})`;
  switch (r.outcome) {
    case "migrated":
      return `${what}: applied ${r.applied.join(", ")}`;
    case "up-to-date":
      return `${what}: up to date`;
    case "skipped":
      return `${what}: skipped, ${r.reason}`;
    case "failed":
      return `${what}: FAILED: ${r.reason}`;
  }
}

async function migrate({ values, io, actor }: Context): Promise<number> {
  const concurrency = concurrencyOf(values);
  const asJson = Boolean(values.json);
  let bar: ReturnType<typeof progress> | undefined;
  const report = await migrateFleet({
    actor,
    slug: str(values, "slug"),
    concurrency,
    dir: dirOf(values),
    onStart: (total) => {
      if (asJson || total === 0) return;
      println(io.stdout, `Migrating ${plural(total, "tenant database")}, ${concurrency} at a time on each server.`);
      bar = progress(io.stdout, total, "tenants");
    },
    onResult: (result) => bar?.tick(describeResult(result)),
  });
  bar?.done();
  for (const down of report.downServers) {
    println(
      io.stderr,
      `✖ server ${down.name} (${down.label}) did not answer: ${plural(down.tenants, "tenant")} skipped. ${down.reason}`,
    );
  }
  const failed = report.results.filter((r) => r.outcome === "failed");
  if (asJson) {
    printJson(io.stdout, report);
    return failed.length > 0 ? 1 : 0;
  }
  if (report.results.length === 0) {
    println(io.stdout, "No tenants to migrate.");
    return 0;
  }
  const { counts } = report;
  const applied = report.results.reduce((n, r) => n + r.applied.length, 0);
  println(
    io.stdout,
    `${plural(report.results.length, "tenant")}: ${counts.migrated} migrated (${plural(applied, "migration")} applied), ` +
      `${counts["up-to-date"]} already up to date, ${counts.failed} failed, ${counts.skipped} skipped ` +
      `in ${(report.durationMs / 1000).toFixed(1)} s. Latest migration: ${report.migrations.at(-1) ?? "none"}.`,
  );
  for (const r of report.results.filter((r) => r.outcome === "skipped")) println(io.stdout, `- ${describeResult(r)}`);
  for (const r of failed)
    println(io.stdout, `✖ ${r.slug} (${r.database}${r.server ? ` on ${r.server}` : ""}): ${r.reason}`);
  return failed.length > 0 ? 1 : 0;
}

export const migrateCommand: Command = {
  options: { ...slug, concurrency: { type: "string" }, ...dir, ...json },
  positionals: 0,
  run: migrate,
};
