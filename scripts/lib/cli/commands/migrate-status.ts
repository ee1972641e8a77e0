// `tenants migrate-status`.
import { fleetMigrationStatus, upToDate } from "@/lib/operations/migration-status";
import { type Command, type Context, dir, dirOf, json, slug, str } from "../command";
import { type Column, plural, printDownServers, printJson, println, table } from "../output";

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
  printDownServers(io, status.downServers);
  if (status.tenants.length === 0) {
    println(io.stdout, "No tenants.");
    return 0;
  }
  const columns: Column<(typeof status.tenants)[number]>[] = [
    { header: "SLUG", value: (t) => t.slug },
    { header: "DATABASE", value: (t) => t.database },
    { header: "SERVER", value: (t) => t.server },
    { header: "APPLIED", value: (t) => `${t.applied.length}/${status.migrations.length}`, align: "right" },
    {
      header: "PENDING",
      value: (t) =>
        t.serverDown
          ? "server down"
          : t.exists
            ? t.pending.length === 0
              ? "-"
              : t.pending.join(", ")
            : "database missing",
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

export const migrateStatusCommand: Command = {
  options: { ...slug, ...dir, ...json },
  positionals: 0,
  run: migrateStatus,
};
