// `tenants reset`.
import { resetTenants } from "@/lib/operations/reset";
import { type Command, type Context, UsageError } from "../command";
import { plural, println } from "../output";

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

export const resetCommand: Command = { options: { force: { type: "boolean" } }, positionals: 0, run: reset };
