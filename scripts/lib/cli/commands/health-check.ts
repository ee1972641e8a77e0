// `tenants health-check`, then the console's snapshots of the tenants it checked.
import { checkHealth } from "@/lib/operations/health";
import { type Command, type Context, dir, dirOf, json, slug, str } from "../command";
import { type Column, plural, printDownServers, printJson, println, table } from "../output";
import { refreshConsoleSnapshots } from "./snapshot-refresh";

async function healthCheck({ values, io }: Context): Promise<number> {
  const report = await checkHealth({ slug: str(values, "slug"), dir: dirOf(values) });
  if (values.json) {
    printJson(io.stdout, report);
    return report.healthy ? 0 : 1;
  }
  printDownServers(io, report.downServers);
  if (report.tenants.length === 0) {
    println(io.stdout, "No active or suspended tenants to check.");
    return 0;
  }
  const columns: Column<(typeof report.tenants)[number]>[] = [
    { header: "SLUG", value: (t) => t.slug },
    { header: "DATABASE", value: (t) => t.database },
    { header: "SERVER", value: (t) => t.server },
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

export const healthCheckCommand: Command = {
  options: { ...slug, ...dir, ...json },
  positionals: 0,
  async run(ctx) {
    const code = await healthCheck(ctx);
    await refreshConsoleSnapshots(ctx.io, { slug: str(ctx.values, "slug"), dir: dirOf(ctx.values) });
    return code;
  },
};
