// `tenants list`.
import { TENANT_STATUSES, type TenantStatus } from "@/lib/operations/fleet";
import { listTenants } from "@/lib/operations/list";
import { type Command, type Context, json, str, UsageError } from "../command";
import { type Column, formatDate, plural, printJson, println, table } from "../output";

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

export const listCommand: Command = { options: { status: { type: "string" }, ...json }, positionals: 0, run: list };
