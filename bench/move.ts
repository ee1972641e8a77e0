// Moving a tenant of `users` users from the first server to a second one with
// `tenants move` (lib/operations/move-tenant.ts: hold, consistent copy with
// row hashes, verification, users and grants on the target, one switch).
// Baseline, same run, before it: a plain `mariadb-dump <db> | mariadb <target>`
// pipe of the same database between the same two servers (the installed
// tools). The tenant's unavailable time (the maintenance hold) is reported
// apart; then its users are read back through its own connection on the target.
import { spawn } from "node:child_process";
import { landlord } from "@/lib/db/landlord";
import { connect, createDatabase, dropDatabase, type ServerConfig } from "@/lib/db/server";
import { adminConfig } from "@/lib/db/servers";
import { withTenantConnection } from "@/lib/db/tenant-clients";
import { tenantUsername } from "@/lib/db/tenant-credentials";
import { moveTenant } from "@/lib/operations/move-tenant";
import { setServerState } from "@/lib/operations/servers";
import { fill } from "./backup";
import { approveAll, newApplications } from "./burst";
import { type Figure, timed } from "./lib";
import { OPERATOR, withSecondServer } from "./servers";

const args = (s: ServerConfig) => ["-h", s.host, "-P", String(s.port), "-u", s.user];

/** `mariadb-dump <database> | mariadb <target>`, each tool with its own server's password. */
function toolPipe(from: ServerConfig, database: string, to: ServerConfig, target: string): Promise<void> {
  const run = (tool: string, argv: string[], server: ServerConfig) =>
    spawn(tool, argv, {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, MYSQL_PWD: server.password ?? "" },
    });
  const dump = run("mariadb-dump", [...args(from), database], from);
  const load = run("mariadb", [...args(to), target], to);
  dump.stdout.pipe(load.stdin);
  const ended = (child: ReturnType<typeof run>, name: string) =>
    new Promise<void>((resolve, reject) => {
      let err = "";
      child.stderr?.on("data", (chunk) => {
        err += String(chunk);
      });
      child.on("error", reject);
      child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${name}: exit ${code}: ${err}`))));
    });
  return Promise.all([ended(dump, "mariadb-dump"), ended(load, "mariadb")]).then(() => undefined);
}

export async function moveBenchmark(users = 100_000, options: { secondUrl?: string } = {}): Promise<Figure[]> {
  return withSecondServer(
    async ({ primary, second }) => {
      // The tenant is made on the first server: the second is cordoned while it is placed.
      const applications = await newApplications(1, "mv");
      await setServerState(second.name, "cordoned", OPERATOR);
      try {
        await approveAll(applications);
      } finally {
        await setServerState(second.name, "active", OPERATOR);
      }
      const tenant = await landlord().tenant.findFirstOrThrow({
        where: { applications: { some: { id: applications[0]?.id } } },
      });
      if (tenant.serverId !== primary.id) throw new Error(`${tenant.slug} was not placed on ${primary.name}`);
      await fill(tenant.databaseName, users, 10);

      const from = adminConfig(primary);
      const to = adminConfig(second);
      const pipeTarget = `${tenant.databaseName}_pipe`;
      const conn = await connect(to);
      let pipeMs: number;
      try {
        await createDatabase(conn, pipeTarget);
        [pipeMs] = await timed(() => toolPipe(from, tenant.databaseName, to, pipeTarget));
      } finally {
        await dropDatabase(conn, pipeTarget);
        await conn.end();
      }

      const [ms, moved] = await timed(() => moveTenant(tenant.slug, second.name, OPERATOR, { reason: "bench" }));
      const after = await landlord().tenant.findUniqueOrThrow({ where: { id: tenant.id } });
      const served = await withTenantConnection(after, async (c) => {
        const [row] = await c.query("SELECT COUNT(*) AS n, @@port AS port, CURRENT_USER() AS who FROM tenant_users");
        return { users: Number(row.n), port: Number(row.port), who: String(row.who).split("@")[0] };
      });
      return [
        {
          benchmark: "move",
          metric: `1 tenant, ${users.toLocaleString("en")} users (${moved.rows.toLocaleString("en")} rows), ${primary.name} → ${second.name}`,
          value: ms / 1000,
          unit: "s",
          baseline: pipeMs / 1000,
          ratio: ms / pipeMs,
        },
        {
          benchmark: "move",
          metric: "unavailable (maintenance hold on)",
          value: moved.unavailableMs / 1000,
          unit: "s",
        },
        {
          benchmark: "move",
          metric: `users served from ${second.name} after the move, as the tenant's own user`,
          value: served.users,
          unit: `of ${users + 1}`,
          target: `${users + 1}`,
          pass:
            served.users === users + 1 &&
            served.port === second.port &&
            after.serverId === second.id &&
            after.credentialSlot !== null &&
            served.who === tenantUsername(after.id, after.credentialSlot),
        },
      ];
    },
    { secondUrl: options.secondUrl },
  );
}
