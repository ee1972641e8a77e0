// The `tenants` command line: parses argv, runs one command of
// lib/platform/tenants and prints its result. `main` returns the exit status
// (0 fine, 1 a problem found or refused, 2 a usage error), so tests call it
// directly with an output sink of their own.
import os from "node:os";
import path from "node:path";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { isAppError } from "@/lib/errors";
import type { Actor } from "@/lib/platform/audit";
import { findLeftovers, type Leftovers, leftoverCount, removeLeftovers } from "@/lib/platform/tenants/cleanup";
import { diskUsage } from "@/lib/platform/tenants/disk-usage";
import { TENANT_STATUSES, type TenantStatus } from "@/lib/platform/tenants/fleet";
import { checkHealth } from "@/lib/platform/tenants/health";
import { listTenants } from "@/lib/platform/tenants/list";
import { DEFAULT_MIGRATE_CONCURRENCY, migrateFleet, type TenantMigrateResult } from "@/lib/platform/tenants/migrate";
import { fleetMigrationStatus, upToDate } from "@/lib/platform/tenants/migration-status";
import { resetTenants } from "@/lib/platform/tenants/reset";
import { activateTenant, type StatusChange, suspendTenant } from "@/lib/platform/tenants/suspension";
import { type Column, formatBytes, formatDate, type Io, plural, printJson, println, table } from "./output";
import { progress } from "./progress";

export const USAGE = `Usage: npm run tenants -- <command> [options]

Commands:
  list [--status active|inactive|suspended] [--json]
      every tenant: slug, name, database, status, created
  health-check [--slug S] [--json]
      database reachable, every migration applied, initial admin present; exit 1 on any problem
  migrate [--slug S] [--concurrency N] [--json]
      apply pending tenant migrations to every tenant database (${DEFAULT_MIGRATE_CONCURRENCY} at a time by default);
      a failed tenant is reported and the others go on; exit 1 if any failed
  migrate:status [--slug S] [--json]
      applied and pending migrations and drift per tenant; exit 1 unless all are up to date
  disk-usage [--json]
      data and index size per tenant database, largest first, and the total
  cleanup --failed-only [--yes] [--json]
      list what failed provisioning runs left behind; with --yes, remove it
  reset --force
      development only: drop every tenant database and tenant row
  suspend <slug>
      suspend a tenant: its users can no longer sign in
  activate <slug>
      make a suspended tenant active again
`;

/** A bad command line: usage message and exit status 2. */
class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig["options"]>;
type Values = Record<string, string | boolean | undefined>;

interface Context {
  values: Values;
  positionals: string[];
  io: Io;
  /** Who the audit log names: the operator's login. */
  actor: Actor;
}

interface Command {
  options: Options;
  /** How many positional arguments the command takes. */
  positionals: number;
  run(ctx: Context): Promise<number>;
}

const json = { json: { type: "boolean" } } as const;
const slug = { slug: { type: "string" } } as const;
// Hidden: another migrations folder (tests add a migration to a copy).
const dir = { dir: { type: "string" } } as const;

const COMMANDS: Record<string, Command> = {
  list: { options: { status: { type: "string" }, ...json }, positionals: 0, run: list },
  "health-check": { options: { ...slug, ...dir, ...json }, positionals: 0, run: healthCheck },
  migrate: { options: { ...slug, concurrency: { type: "string" }, ...dir, ...json }, positionals: 0, run: migrate },
  "migrate:status": { options: { ...slug, ...dir, ...json }, positionals: 0, run: migrateStatus },
  "disk-usage": { options: { ...json }, positionals: 0, run: disk },
  cleanup: {
    options: {
      "failed-only": { type: "boolean" },
      yes: { type: "boolean" },
      "database-prefix": { type: "string" },
      ...json,
    },
    positionals: 0,
    run: cleanup,
  },
  reset: { options: { force: { type: "boolean" } }, positionals: 0, run: reset },
  suspend: { options: {}, positionals: 1, run: (ctx) => statusChange(suspendTenant, ctx) },
  activate: { options: {}, positionals: 1, run: (ctx) => statusChange(activateTenant, ctx) },
};

export interface MainOptions {
  /** Runs once the command line is known to be valid, before the command (the script loads configuration here). */
  prepare?: () => void | Promise<void>;
  /** Defaults to the operator's login name. */
  actor?: Actor;
}

export async function main(argv: readonly string[], io: Io, options: MainOptions = {}): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "help" || name === "--help" || name === "-h") {
    io.stdout.write(USAGE);
    return 0;
  }
  const command = name === undefined ? undefined : COMMANDS[name];
  let parsed: { values: Values; positionals: string[] };
  try {
    if (name === undefined) throw new UsageError("no command given");
    if (!command) throw new UsageError(`unknown command "${name}"`);
    parsed = parse(name, command, rest);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    println(io.stderr, `tenants: ${error.message}`);
    println(io.stderr);
    io.stderr.write(USAGE);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  try {
    await options.prepare?.();
    return await command.run({ ...parsed, io, actor: options.actor ?? operator() });
  } catch (error) {
    // Input the domain refused (a malformed option value) is a usage error too.
    if (error instanceof UsageError || isAppError(error, "INVALID_INPUT")) {
      println(io.stderr, `tenants ${name}: ${(error as Error).message}`);
      println(io.stderr);
      io.stderr.write(USAGE);
      return 2;
    }
    if (isAppError(error)) {
      println(io.stderr, `✖ ${error.message}`);
      return 1;
    }
    throw error;
  }
}

function parse(name: string, command: Command, args: string[]): { values: Values; positionals: string[] } {
  let result: { values: Values; positionals: string[] };
  try {
    result = parseArgs({
      args,
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    }) as { values: Values; positionals: string[] };
  } catch (error) {
    // node:util reports unknown options, missing values and the like as TypeErrors with ERR_PARSE_ARGS_* codes.
    if ((error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      throw new UsageError(`${name}: ${(error as Error).message.split(". To specify")[0]}`);
    }
    throw error;
  }
  if (result.values.help) return result;
  if (result.positionals.length !== command.positionals) {
    throw new UsageError(
      command.positionals === 0
        ? `${name} takes no arguments (got "${result.positionals.join(" ")}")`
        : `${name} takes exactly one tenant slug`,
    );
  }
  return result;
}

function operator(): Actor {
  let label: string;
  try {
    label = os.userInfo().username;
  } catch {
    label = process.env.USER ?? "operator";
  }
  return { type: "operator", label };
}

function str(values: Values, key: string): string | undefined {
  const value = values[key];
  return typeof value === "string" ? value : undefined;
}

function dirOf(values: Values): string | undefined {
  const value = str(values, "dir");
  return value === undefined ? undefined : path.resolve(value);
}

// ---- list

async function list({ values, io }: Context): Promise<number> {
  const status = str(values, "status");
  if (status !== undefined && !(TENANT_STATUSES as readonly string[]).includes(status)) {
    throw new UsageError(`--status must be one of ${TENANT_STATUSES.join(", ")} (got "${status}")`);
  }
  const tenants = await listTenants({ status: status as TenantStatus | undefined });
  if (values.json) {
    printJson(io.stdout, tenants);
    return 0;
  }
  if (tenants.length === 0) {
    println(io.stdout, status ? `No ${status} tenants.` : "No tenants.");
    return 0;
  }
  const columns: Column<(typeof tenants)[number]>[] = [
    { header: "SLUG", value: (t) => t.slug },
    { header: "NAME", value: (t) => t.name },
    { header: "DATABASE", value: (t) => t.database },
    { header: "STATUS", value: (t) => t.status },
    { header: "CREATED (UTC)", value: (t) => formatDate(t.createdAt) },
  ];
  for (const line of table(columns, tenants)) println(io.stdout, line);
  println(io.stdout);
  println(
    io.stdout,
    status ? `${plural(tenants.length, `${status} tenant`)}.` : `${plural(tenants.length, "tenant")}.`,
  );
  return 0;
}

// ---- health-check

async function healthCheck({ values, io }: Context): Promise<number> {
  const report = await checkHealth({ slug: str(values, "slug"), dir: dirOf(values) });
  if (values.json) {
    printJson(io.stdout, report);
    return report.healthy ? 0 : 1;
  }
  if (report.tenants.length === 0) {
    println(io.stdout, "No active or suspended tenants to check.");
    return 0;
  }
  const columns: Column<(typeof report.tenants)[number]>[] = [
    { header: "SLUG", value: (t) => t.slug },
    { header: "DATABASE", value: (t) => t.database },
    { header: "STATUS", value: (t) => t.status },
    { header: "HEALTH", value: (t) => (t.problems.length === 0 ? "ok" : plural(t.problems.length, "problem")) },
  ];
  for (const line of table(columns, report.tenants)) println(io.stdout, line);
  println(io.stdout);
  const sick = report.tenants.filter((t) => t.problems.length > 0);
  if (sick.length === 0) {
    println(io.stdout, `All ${plural(report.tenants.length, "tenant")} healthy.`);
    return 0;
  }
  for (const tenant of sick) {
    for (const problem of tenant.problems) println(io.stdout, `✖ ${tenant.slug}: ${problem}`);
  }
  const problems = sick.reduce((n, t) => n + t.problems.length, 0);
  println(io.stdout, `${plural(problems, "problem")} in ${sick.length} of ${plural(report.tenants.length, "tenant")}.`);
  return 1;
}

// ---- migrate

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
  const what = `${r.slug} (${r.database})`;
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
      println(io.stdout, `Migrating ${plural(total, "tenant database")}, ${concurrency} at a time.`);
      bar = progress(io.stdout, total, "tenants");
    },
    onResult: (result) => bar?.tick(describeResult(result)),
  });
  bar?.done();
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
  for (const r of failed) println(io.stdout, `✖ ${r.slug} (${r.database}): ${r.reason}`);
  return failed.length > 0 ? 1 : 0;
}

// ---- migrate:status

async function migrateStatus({ values, io }: Context): Promise<number> {
  const status = await fleetMigrationStatus({ slug: str(values, "slug"), dir: dirOf(values) });
  const behind = status.tenants.filter((t) => !upToDate(t));
  if (values.json) {
    printJson(io.stdout, status);
    return behind.length > 0 ? 1 : 0;
  }
  println(
    io.stdout,
    `Latest migration: ${status.migrations.at(-1) ?? "none"} (${plural(status.migrations.length, "migration")}).`,
  );
  if (status.tenants.length === 0) {
    println(io.stdout, "No tenants.");
    return 0;
  }
  const columns: Column<(typeof status.tenants)[number]>[] = [
    { header: "SLUG", value: (t) => t.slug },
    { header: "DATABASE", value: (t) => t.database },
    { header: "APPLIED", value: (t) => `${t.applied.length}/${status.migrations.length}`, align: "right" },
    {
      header: "PENDING",
      value: (t) => (t.exists ? (t.pending.length === 0 ? "-" : t.pending.join(", ")) : "database missing"),
    },
    {
      header: "DRIFT",
      value: (t) =>
        [
          t.changed.length > 0 && `changed: ${t.changed.join(", ")}`,
          t.failed.length > 0 && `failed: ${t.failed.map((f) => f.name).join(", ")}`,
          t.unknown.length > 0 && `unknown: ${t.unknown.join(", ")}`,
        ]
          .filter(Boolean)
          .join("; ") || "-",
    },
  ];
  println(io.stdout);
  for (const line of table(columns, status.tenants)) println(io.stdout, line);
  println(io.stdout);
  println(
    io.stdout,
    behind.length === 0
      ? `All ${plural(status.tenants.length, "tenant")} up to date.`
      : `${behind.length} of ${plural(status.tenants.length, "tenant")} not up to date: run \`npm run tenants -- migrate\`.`,
  );
  return behind.length > 0 ? 1 : 0;
}

// ---- disk-usage

async function disk({ values, io }: Context): Promise<number> {
  const report = await diskUsage();
  if (values.json) {
    printJson(io.stdout, report);
    return 0;
  }
  if (report.tenants.length === 0) {
    println(io.stdout, "No tenants.");
    return 0;
  }
  type Row = { slug: string; database: string; tables: string; data: number; index: number; total: number };
  const rows: Row[] = report.tenants.map((t) => ({
    slug: t.slug,
    database: t.database,
    tables: t.exists ? String(t.tables) : "missing",
    data: t.dataBytes,
    index: t.indexBytes,
    total: t.totalBytes,
  }));
  rows.push({
    slug: `TOTAL (${plural(report.tenants.length, "tenant")})`,
    database: "",
    tables: String(report.tenants.reduce((n, t) => n + t.tables, 0)),
    data: report.total.dataBytes,
    index: report.total.indexBytes,
    total: report.total.totalBytes,
  });
  const columns: Column<Row>[] = [
    { header: "SLUG", value: (r) => r.slug },
    { header: "DATABASE", value: (r) => r.database },
    { header: "TABLES", value: (r) => r.tables, align: "right" },
    { header: "DATA", value: (r) => formatBytes(r.data), align: "right" },
    { header: "INDEX", value: (r) => formatBytes(r.index), align: "right" },
    { header: "TOTAL", value: (r) => formatBytes(r.total), align: "right" },
  ];
  const lines = table(columns, rows);
  const last = lines.pop() ?? "";
  for (const line of lines) println(io.stdout, line);
  println(io.stdout, "-".repeat(last.length));
  println(io.stdout, last);
  return 0;
}

// ---- cleanup

function printLeftovers(io: Io, found: Leftovers): void {
  const sections: string[][] = [];
  if (found.databases.length > 0) {
    sections.push([
      `Databases with no tenant row (${found.databases.length}):`,
      ...found.databases.map((d) => `  ${d.database}`),
    ]);
  }
  if (found.tenants.length > 0) {
    const columns: Column<(typeof found.tenants)[number]>[] = [
      { header: "SLUG", value: (t) => t.slug },
      { header: "DATABASE", value: (t) => t.database },
      { header: "STATUS", value: (t) => t.status },
      { header: "APPLICATION", value: (t) => t.applicationStatus ?? "none" },
    ];
    sections.push([
      `Tenant rows whose database does not exist (${found.tenants.length}):`,
      ...table(columns, found.tenants).map((line) => `  ${line}`),
    ]);
  }
  if (found.tokens.length > 0) {
    const columns: Column<(typeof found.tokens)[number]>[] = [
      { header: "ID", value: (t) => t.id, align: "right" },
      { header: "TENANT", value: (t) => t.slug ?? t.tenantId },
      { header: "EMAIL", value: (t) => t.email },
      { header: "REASON", value: (t) => t.reason },
    ];
    sections.push([
      `Stale password setup tokens (${found.tokens.length}):`,
      ...table(columns, found.tokens).map((line) => `  ${line}`),
    ]);
  }
  if (found.leftAlone.length > 0) {
    sections.push([
      `Left alone (${found.leftAlone.length}):`,
      ...found.leftAlone.map((item) => `  ${item.what}: ${item.reason}`),
    ]);
  }
  for (const section of sections) {
    for (const line of section) println(io.stdout, line);
    println(io.stdout);
  }
}

async function cleanup({ values, io, actor }: Context): Promise<number> {
  if (!values["failed-only"]) {
    throw new UsageError("cleanup needs --failed-only: it removes only what failed provisioning runs left behind");
  }
  const options = { databasePrefix: str(values, "database-prefix") };
  if (!values.yes) {
    const found = await findLeftovers(options);
    const count = leftoverCount(found);
    if (values.json) {
      printJson(io.stdout, { removed: false, found });
      return 0;
    }
    printLeftovers(io, found);
    if (count === 0) println(io.stdout, "Nothing to clean up.");
    else println(io.stdout, `Nothing was removed. Re-run with --yes to remove these ${plural(count, "item")}.`);
    return 0;
  }
  const removed = await removeLeftovers({ ...options, actor });
  if (values.json) {
    printJson(io.stdout, { removed: true, found: removed });
    return 0;
  }
  printLeftovers(io, removed);
  println(
    io.stdout,
    leftoverCount(removed) === 0
      ? "Nothing to clean up."
      : `Removed ${plural(removed.databases.length, "database")}, ${plural(removed.tenants.length, "tenant row")} ` +
          `and ${plural(removed.tokens.length, "setup token")}.`,
  );
  return 0;
}

// ---- reset

async function reset({ values, io, actor }: Context): Promise<number> {
  if (!values.force) {
    throw new UsageError("reset drops every tenant database and tenant row; add --force to do it");
  }
  const report = await resetTenants({ actor });
  println(
    io.stdout,
    `Dropped ${plural(report.databases.length, "tenant database")}, removed ${plural(report.tenants, "tenant row")} ` +
      `and ${plural(report.tokens, "setup token")}; unlinked ${plural(report.applicationsUnlinked, "application")}.`,
  );
  if (report.slugsStillHeld > 0) {
    println(
      io.stdout,
      `Note: applications are kept, so ${plural(report.slugsStillHeld, "slug is", "slugs are")} still held by their ` +
        "applications (tenant_applications.active_slug): new applications cannot use them.",
    );
  }
  println(
    io.stdout,
    "Databases on the server with no tenant row were left alone: `cleanup --failed-only` removes those.",
  );
  return 0;
}

// ---- suspend / activate

async function statusChange(
  change: (slug: string, actor: Actor) => Promise<StatusChange>,
  { positionals: [slugArg], io, actor }: Context,
): Promise<number> {
  const result = await change(slugArg ?? "", actor);
  println(
    io.stdout,
    result.changed
      ? `Tenant ${result.slug} is now ${result.to} (was ${result.from}).`
      : `Tenant ${result.slug} is already ${result.to}; nothing changed.`,
  );
  return 0;
}
