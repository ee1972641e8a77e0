// `tenants cleanup`.
import { findLeftovers, type Leftovers, leftoverCount, removeLeftovers } from "@/lib/operations/cleanup";
import { type Command, type Context, json, str, UsageError } from "../command";
import { type Column, type Io, plural, printJson, println, table } from "../output";

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

export const cleanupCommand: Command = {
  options: {
    "failed-only": { type: "boolean" },
    yes: { type: "boolean" },
    "database-prefix": { type: "string" },
    ...json,
  },
  positionals: 0,
  run: cleanup,
};
