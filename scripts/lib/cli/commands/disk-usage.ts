// `tenants disk-usage`, then the console's snapshots (sizes among them).
import { diskUsage } from "@/lib/operations/disk-usage";
import { type Command, type Context, json } from "../command";
import { type Column, formatBytes, plural, printDownServers, printJson, println, table } from "../output";
import { refreshConsoleSnapshots } from "./snapshot-refresh";

async function disk({ values, io }: Context): Promise<number> {
  const report = await diskUsage();
  if (values.json) {
    printJson(io.stdout, report);
    return 0;
  }
  printDownServers(io, report.downServers);
  if (report.tenants.length === 0) {
    println(io.stdout, "No tenants.");
    return 0;
  }
  type Row = {
    slug: string;
    database: string;
    server: string;
    tables: string;
    data: number;
    index: number;
    total: number;
  };
  const rows: Row[] = report.tenants.map((t) => ({
    slug: t.slug,
    database: t.database,
    server: t.server,
    tables: t.serverDown ? "server down" : t.exists ? String(t.tables) : "missing",
    data: t.dataBytes,
    index: t.indexBytes,
    total: t.totalBytes,
  }));
  rows.push({
    slug: `TOTAL (${plural(report.tenants.length, "tenant")})`,
    database: "",
    server: "",
    tables: String(report.tenants.reduce((n, t) => n + t.tables, 0)),
    data: report.total.dataBytes,
    index: report.total.indexBytes,
    total: report.total.totalBytes,
  });
  const columns: Column<Row>[] = [
    { header: "SLUG", value: (r) => r.slug },
    { header: "DATABASE", value: (r) => r.database },
    { header: "SERVER", value: (r) => r.server },
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

export const diskUsageCommand: Command = {
  options: { ...json },
  positionals: 0,
  async run(ctx) {
    const code = await disk(ctx);
    await refreshConsoleSnapshots(ctx.io);
    return code;
  },
};
