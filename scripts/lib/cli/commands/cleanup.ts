// `tenants cleanup`: every leftover says which server it is on; a server that
// did not answer is said once, on stderr, and makes the exit code 1.
import {
  findLeftovers,
  type Leftovers,
  leftoverCount,
  type OrphanUser,
  removeLeftovers,
} from "@/lib/operations/cleanup";
import { type Command, type Context, json, str, UsageError } from "../command";
import { type Column, type Io, plural, printJson, println, table } from "../output";

function whyUser(u: OrphanUser): string {
  switch (u.reason) {
    case "no tenant":
      return "no tenant has it";
    case "elsewhere":
      return `its tenant ${u.slug} lives on ${u.tenantServer}`;
    case "source gone":
      return `kept for ${u.slug}'s move, whose source database is gone`;
  }
}

function printLeftovers(io: Io, found: Leftovers): void {
  for (const d of found.downServers) {
    println(
      io.stderr,
      `✖ server ${d.name} (${d.label}) did not answer: nothing on it was looked at (${plural(d.tenants, "tenant")}). ${d.reason}`,
    );
  }
  const sections: string[][] = [];
  const unrecorded = found.databases.filter((d) => d.reason === "unrecorded");
  const catalogued = found.databases.filter((d) => d.reason !== "unrecorded");
  if (unrecorded.length > 0) {
    sections.push([
      `Databases with no tenant on their server (${unrecorded.length}):`,
      ...unrecorded.map((d) => `  ${d.database} on ${d.server}`),
    ]);
  }
  if (catalogued.length > 0) {
    const why = {
      scratch: "scratch copy of an interrupted restore, verification or move",
      unused: "recorded as a tenant's, no tenant uses it",
    };
    sections.push([
      `Databases the catalog marks as left behind (${catalogued.length}):`,
      ...catalogued.map((d) => `  ${d.database} on ${d.server}: ${why[d.reason as keyof typeof why]}`),
    ]);
  }
  if (found.users.length > 0) {
    sections.push([
      `Database users with no tenant there (${found.users.length}):`,
      ...found.users.map((u) => `  ${u.user} on ${u.server}: ${whyUser(u)}`),
    ]);
  }
  if (found.records.length > 0) {
    sections.push([
      `Catalog records of databases or users that no longer exist (${found.records.length}):`,
      ...found.records.map((r) => `  ${r.name} (${r.kind === "user" ? "user, " : ""}${r.role}, on ${r.server})`),
    ]);
  }
  if (found.holds.length > 0) {
    sections.push([
      `Maintenance holds of restores or moves that stopped (${found.holds.length}):`,
      ...found.holds.map((h) => `  ${h.slug}: ${h.owner}`),
    ]);
  }
  if (found.tenants.length > 0) {
    const columns: Column<(typeof found.tenants)[number]>[] = [
      { header: "SLUG", value: (t) => t.slug },
      { header: "DATABASE", value: (t) => t.database },
      { header: "SERVER", value: (t) => t.server },
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

// Said only when there were any, so the common summary stays as it was.
function extras(removed: Leftovers): string {
  const parts = [
    removed.users.length > 0 ? plural(removed.users.length, "database user") : "",
    removed.records.length > 0 ? plural(removed.records.length, "catalog record") : "",
    removed.holds.length > 0 ? plural(removed.holds.length, "stale maintenance hold") : "",
  ].filter(Boolean);
  if (parts.length === 0) return "";
  return `, plus ${parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`}`;
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
      return exitCode(found);
    }
    printLeftovers(io, found);
    if (count === 0) println(io.stdout, "Nothing to clean up.");
    else println(io.stdout, `Nothing was removed. Re-run with --yes to remove these ${plural(count, "item")}.`);
    return exitCode(found);
  }
  const removed = await removeLeftovers({ ...options, actor });
  if (values.json) {
    printJson(io.stdout, { removed: true, found: removed });
    return exitCode(removed);
  }
  printLeftovers(io, removed);
  println(
    io.stdout,
    leftoverCount(removed) === 0
      ? "Nothing to clean up."
      : `Removed ${plural(removed.databases.length, "database")}, ${plural(removed.tenants.length, "tenant row")} ` +
          `and ${plural(removed.tokens.length, "setup token")}${extras(removed)}.`,
  );
  return exitCode(removed);
}

// A server that did not answer was not cleaned: say so to a script too.
const exitCode = (report: Leftovers) => (report.downServers.length > 0 ? 1 : 0);

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
