// Several database servers and each tenant's own database user, against two
// real MariaDB servers (the second one started for the test run): placement
// across them, fleet commands that say which server each tenant is on, a
// tenant's user shut out of every other tenant's database, no tenant password
// in plain text anywhere in the landlord, credentials changed without
// downtime, and existing tenants upgraded to users of their own.
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { landlord } from "@/lib/db/landlord";
import { connect, type ServerConfig } from "@/lib/db/server";
import { adminConfig, registerServer, serverById } from "@/lib/db/servers";
import { evictTenantClient, tenantClient, withTenantConnection } from "@/lib/db/tenant-clients";
import { activeCredentials, tenantUsername } from "@/lib/db/tenant-credentials";
import { isConnectionFailure } from "@/lib/errors";
import type { Tenant } from "@/lib/generated/landlord/client";
import { choosePlacement, unreachableServers } from "@/lib/provisioning/placement";
import { beginRun } from "@/lib/provisioning/runs";
import { stepNamed } from "@/lib/provisioning/steps";
import { createApprovedApplication, provisionTestTenant, TEST_ADMIN, uniqueSlug } from "./helpers/applications";
import { cli } from "./helpers/backups";
import { failedApplication } from "./helpers/failed-runs";
import { testServer } from "./helpers/server";
import { connectAs, placeNextOn, registerSecondServer, secondServer, sqlOn } from "./helpers/servers";

async function row(id: string): Promise<Tenant> {
  return landlord().tenant.findUniqueOrThrow({ where: { id } });
}

async function serverOfTenant(tenant: Tenant): Promise<ServerConfig> {
  return adminConfig(await serverById(tenant.serverId as number));
}

async function databaseOn(server: ServerConfig, name: string): Promise<boolean> {
  const rows = await sqlOn(server, "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", [name]);
  return rows.length > 0;
}

const whoAmI = (tenant: Tenant) =>
  withTenantConnection(tenant, async (conn) => {
    const [first] = (await conn.query("SELECT CURRENT_USER() AS who, @@port AS port")) as {
      who: string;
      port: number;
    }[];
    return { who: first?.who, port: Number(first?.port) };
  });

let primaryTenant: Tenant;
let secondTenant: Tenant;

beforeAll(async () => {
  await registerSecondServer();
  const undo = await placeNextOn("second");
  ({ tenant: secondTenant } = await provisionTestTenant({ slug: uniqueSlug("on-second") }));
  await undo();
  const back = await placeNextOn("primary");
  ({ tenant: primaryTenant } = await provisionTestTenant({ slug: uniqueSlug("on-primary") }));
  await back();
});

describe("placement", () => {
  it("puts a new tenant on the active server with the most headroom, then the least data", () => {
    const servers = [
      { id: 1, capacity: 100, weight: 100, dataBytes: 10, tenants: 50 },
      { id: 2, capacity: 100, weight: 100, dataBytes: 99, tenants: 10 },
      { id: 3, capacity: 10, weight: 100, dataBytes: 0, tenants: 10 }, // full
    ];
    expect(choosePlacement(servers)?.id).toBe(2);
    expect(choosePlacement([{ ...servers[0], tenants: 10 } as never, servers[1] as never])?.id).toBe(1); // less data
    expect(choosePlacement([servers[2] as never])).toBeUndefined();
    // Weight scales headroom: a server of weight 300 takes new tenants before an emptier one of weight 100.
    expect(
      choosePlacement([
        { id: 1, capacity: 100, weight: 300, dataBytes: 0, tenants: 60 },
        { id: 2, capacity: 100, weight: 100, dataBytes: 0, tenants: 20 },
      ])?.id,
    ).toBe(1);
    // One that did not answer is passed over while another has room, and chosen only when none that answers has.
    const silent = { id: 4, capacity: 100, weight: 100, dataBytes: 0, tenants: 0, reachable: false };
    expect(choosePlacement([...servers, silent])?.id).toBe(2);
    expect(choosePlacement([servers[2] as never, silent])?.id).toBe(4);
  });

  it("passes over a registered server that does not accept connections while another has room", async () => {
    // Nothing listens on port 1: the probe is refused at once. Its headroom is the largest, so without the probe it would be chosen.
    const undo = await placeNextOn("primary");
    const silent = await registerServer(
      { name: "silent", host: "127.0.0.1", port: 1, user: "root", password: "" },
      1e6,
    );
    try {
      expect(await unreachableServers()).toEqual(new Set([silent.id]));
      // Its refusal reads as a server that did not answer (a run waits longer for one: lib/provisioning/policy.ts).
      const refusal = await connect(adminConfig(silent)).catch((error: unknown) => error);
      expect(isConnectionFailure(refusal)).toBe(true);
      const application = await createApprovedApplication({ slug: uniqueSlug("around") });
      const run = await beginRun(application.id, TEST_ADMIN, "inline");
      const { tenantId } = (await stepNamed("create-tenant-record").run({
        applicationId: application.id,
        runId: run.runId,
      })) as { tenantId: string };
      const placed = (await row(tenantId)).serverId;
      const primary = await landlord().databaseServer.findUniqueOrThrow({ where: { name: "primary" } });
      expect(placed).toBe(primary.id);
      // Leaves no tenant behind: the servers' counts other tests read stay as they were.
      await landlord().tenantApplication.update({ where: { id: application.id }, data: { tenantId: null } });
      await landlord().tenant.delete({ where: { id: tenantId } });
    } finally {
      await landlord().databaseServer.delete({ where: { id: silent.id } });
      await undo();
    }
  });

  it("creates each tenant's database and user on the server it was placed on, and nowhere else", async () => {
    const second = await serverOfTenant(secondTenant);
    expect(second.port).toBe(secondServer().port);
    expect(await databaseOn(secondServer(), secondTenant.databaseName)).toBe(true);
    expect(await databaseOn(testServer(), secondTenant.databaseName)).toBe(false);
    expect(await databaseOn(testServer(), primaryTenant.databaseName)).toBe(true);
    expect(await databaseOn(secondServer(), primaryTenant.databaseName)).toBe(false);
    // Its pages reach it there, as its own user.
    expect(await whoAmI(secondTenant)).toEqual({
      who: `${tenantUsername(secondTenant.id, "a")}@%`,
      port: secondServer().port,
    });
    expect(await tenantClient(secondTenant).tenantUser.count()).toBe(1);
    const catalog = await landlord().databaseCatalogEntry.findMany({ where: { tenantId: secondTenant.id } });
    expect(catalog.map((e) => [e.kind, e.name, e.server, e.role]).sort()).toEqual([
      ["database", secondTenant.databaseName, `${secondServer().host}:${secondServer().port}`, "current"],
      ["user", tenantUsername(secondTenant.id, "a"), `${secondServer().host}:${secondServer().port}`, "current"],
    ]);
  });

  it("places a tenant once: the run's first step, run again, keeps the server it chose", async () => {
    const application = await createApprovedApplication({ slug: uniqueSlug("once") });
    const run = await beginRun(application.id, TEST_ADMIN, "inline");
    const step = stepNamed("create-tenant-record");
    const first = (await step.run({ applicationId: application.id, runId: run.runId })) as { tenantId: string };
    const placed = (await row(first.tenantId)).serverId;
    // Cordon the chosen server: a second placement would have to go elsewhere.
    const other = (await landlord().databaseServer.findFirstOrThrow({ where: { id: { not: placed as number } } })).name;
    const undo = await placeNextOn(other);
    const again = (await step.run({ applicationId: application.id, runId: run.runId })) as { tenantId: string };
    await undo();
    expect(again.tenantId).toBe(first.tenantId);
    expect((await row(first.tenantId)).serverId).toBe(placed);
    expect(await landlord().tenant.count({ where: { slug: application.requestedSlug } })).toBe(1);
  });

  it("refuses to place a tenant when every server is cordoned, and creates nothing", async () => {
    await landlord().databaseServer.updateMany({ data: { state: "cordoned" } });
    try {
      const application = await createApprovedApplication({ slug: uniqueSlug("nowhere") });
      const run = await beginRun(application.id, TEST_ADMIN, "inline");
      await expect(
        stepNamed("create-tenant-record").run({ applicationId: application.id, runId: run.runId }),
      ).rejects.toThrow(/No database server takes new tenants/);
      expect(await landlord().tenant.count({ where: { slug: application.requestedSlug } })).toBe(0);
    } finally {
      await landlord().databaseServer.updateMany({ data: { state: "active" } });
    }
  });
});

describe("fleet commands across servers", () => {
  it("migrate:status and health-check name each tenant's server", async () => {
    const status = await cli("migrate:status", "--json");
    const tenants = (JSON.parse(status.stdout) as { tenants: { slug: string; server: string }[] }).tenants;
    expect(tenants.find((t) => t.slug === secondTenant.slug)?.server).toBe("second");
    expect(tenants.find((t) => t.slug === primaryTenant.slug)?.server).toBe("primary");
    const health = await cli("health-check");
    expect(health.stdout).toMatch(new RegExp(`${secondTenant.slug}\\s.*second`));
  });

  it("servers:list shows both servers with their tenants and figures", async () => {
    const { code, stdout } = await cli("servers:list", "--refresh");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^NAME\s+ADDRESS\s+STATE\s+TENANTS/m);
    expect(stdout).toMatch(new RegExp(`^second\\s+127\\.0\\.0\\.1:${secondServer().port}\\s+active\\s+1/2000`, "m"));
    const second = await landlord().databaseServer.findUniqueOrThrow({ where: { name: "second" } });
    expect(second.databasesCount).toBeGreaterThanOrEqual(1);
    expect(second.figuresAt).not.toBeNull();
  });
});

describe("each tenant's own database user", () => {
  it("cannot read another tenant's database on the same server: access denied", async () => {
    const undo = await placeNextOn("primary");
    const neighbour = (await provisionTestTenant({ slug: uniqueSlug("neighbour") })).tenant;
    await undo();
    expect(neighbour.serverId).toBe(primaryTenant.serverId);
    await expect(
      withTenantConnection(primaryTenant, (conn) =>
        conn.query(`SELECT COUNT(*) FROM \`${neighbour.databaseName}\`.tenant_users`),
      ),
    ).rejects.toThrow(/denied/i);
    // Nor create databases or change its own tables' structure: migrations run as the server's admin.
    await expect(
      withTenantConnection(primaryTenant, (conn) => conn.query("CREATE DATABASE tenant_should_not_exist")),
    ).rejects.toThrow(/denied/i);
    await expect(withTenantConnection(primaryTenant, (conn) => conn.query("DROP TABLE tenant_users"))).rejects.toThrow(
      /denied/i,
    );
  });

  it("has the data rights it needs on its own database, and a connection limit", async () => {
    const grants = await sqlOn<Record<string, string>>(
      testServer(),
      `SHOW GRANTS FOR '${tenantUsername(primaryTenant.id, "a")}'@'%'`,
    );
    const text = grants.map((g) => Object.values(g).join(" ")).join("\n");
    const own = new RegExp(`^GRANT (.+) ON \`${primaryTenant.databaseName}\`\\.\\*`, "m").exec(text)?.[1];
    expect(own?.split(", ").sort(), text).toEqual([
      "CREATE TEMPORARY TABLES",
      "DELETE",
      "EXECUTE",
      "INSERT",
      "LOCK TABLES",
      "SELECT",
      "UPDATE",
    ]);
    expect(text).not.toMatch(/ON \*\.\*.*(SELECT|ALL)/);
    const [limit] = await sqlOn<{ max_user_connections: number }>(
      testServer(),
      "SELECT max_user_connections FROM mysql.user WHERE User = ?",
      [tenantUsername(primaryTenant.id, "a")],
    );
    expect(Number(limit?.max_user_connections)).toBe(10);
    expect(tenantUsername(primaryTenant.id, "a").length).toBeLessThanOrEqual(32); // MySQL 8's limit
  });

  it("no landlord table holds a tenant's or a server's password in plain text", async () => {
    const secrets: string[] = [];
    for (const tenant of [primaryTenant, secondTenant]) {
      const own = await activeCredentials(tenant.id, "a");
      if (own) secrets.push(own.password);
    }
    expect(secrets).toHaveLength(2);
    const landlordName = new URL(process.env.DATABASE_URL as string).pathname.slice(1);
    const columns = await sqlOn<{ t: string; c: string }>(
      testServer(),
      `SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = ? AND DATA_TYPE IN ('varchar','char','text','mediumtext','longtext','json','blob','mediumblob','longblob','varbinary')`,
      [landlordName],
    );
    expect(columns.length).toBeGreaterThan(20);
    for (const { t, c } of columns) {
      for (const secret of secrets) {
        const found = await sqlOn(
          testServer(),
          `SELECT 1 FROM \`${landlordName}\`.\`${t}\` WHERE INSTR(CAST(\`${c}\` AS CHAR), ?) > 0 LIMIT 1`,
          [secret],
        );
        expect(found, `${t}.${c} holds a tenant password`).toEqual([]);
      }
    }
  });
});

describe("credentials:reset", () => {
  it("switches the tenant to its other user with a new password while it keeps working, then locks the old one", async () => {
    const tenant = await row(secondTenant.id);
    const before = await activeCredentials(tenant.id, "a");
    // Requests keep coming during the reset; none may fail.
    let stop = false;
    let served = 0;
    const traffic = (async () => {
      while (!stop) {
        await tenantClient(await row(tenant.id)).tenantUser.count();
        served++;
        await sleep(5);
      }
    })();
    const { code, stdout } = await cli("credentials:reset", tenant.slug, "--reason", "annual rotation");
    await sleep(100);
    stop = true;
    await traffic;
    expect(code).toBe(0);
    expect(stdout).toContain(`switched to ${tenantUsername(tenant.id, "b")}`);
    expect(served).toBeGreaterThan(3);

    const after = await row(tenant.id);
    expect(after.credentialSlot).toBe("b");
    expect(after.credentialVersion).toBeGreaterThan(tenant.credentialVersion);
    expect((await whoAmI(after)).who).toBe(`${tenantUsername(tenant.id, "b")}@%`);
    // The old user can no longer sign in.
    await expect(
      connectAs(secondServer(), before?.username as string, before?.password as string, tenant.databaseName),
    ).rejects.toThrow(/locked|denied/i);
    const audit = await landlord().auditLog.findFirst({
      where: { action: "tenant.credentials_reset", tenantId: tenant.id },
    });
    expect(audit?.context).toMatchObject({ reason: "annual rotation", to: tenantUsername(tenant.id, "b") });
    expect(JSON.stringify(audit?.context)).not.toContain((await activeCredentials(tenant.id, "b"))?.password);

    // And back: slot a gets a new password, not its old one.
    expect((await cli("credentials:reset", tenant.slug)).code).toBe(0);
    const again = await activeCredentials(tenant.id, "a");
    expect(again?.password).not.toBe(before?.password);
    expect((await whoAmI(await row(tenant.id))).who).toBe(`${tenantUsername(tenant.id, "a")}@%`);
  });

  it("refuses an unknown tenant and a bad command line, changing nothing", async () => {
    const unknown = await cli("credentials:reset", "no-such-tenant");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No tenant no-such-tenant");
    const both = await cli("credentials:reset", primaryTenant.slug, "--all");
    expect(both.code).toBe(2);
    expect((await row(primaryTenant.id)).credentialVersion).toBe(primaryTenant.credentialVersion);
  });
});

describe("credentials:provision", () => {
  it("gives a tenant made before credentials existed a user of its own, once", async () => {
    const undo = await placeNextOn("primary");
    const { tenant } = await provisionTestTenant({ slug: uniqueSlug("legacy") });
    await undo();
    // As a tenant provisioned before this release: no user of its own, reached as the server's admin.
    await sqlOn(testServer(), `DROP USER '${tenantUsername(tenant.id, "a")}'@'%'`);
    await landlord().tenantCredential.deleteMany({ where: { tenantId: tenant.id } });
    await landlord().tenant.update({ where: { id: tenant.id }, data: { credentialSlot: null } });
    evictTenantClient(tenant.databaseName);
    expect((await whoAmI(await row(tenant.id))).who).toMatch(/^root@/);

    const first = await cli("credentials:provision");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`${tenant.slug}: now signs in as ${tenantUsername(tenant.id, "a")}`);
    expect((await whoAmI(await row(tenant.id))).who).toBe(`${tenantUsername(tenant.id, "a")}@%`);
    expect(await tenantClient(await row(tenant.id)).tenantUser.count()).toBe(1);

    const second = await cli("credentials:provision");
    expect(second.stdout).toContain("Every tenant has a database user of its own already.");
  });
});

describe("rollback", () => {
  it("drops the database and the user on the server the tenant was placed on", async () => {
    const undo = await placeNextOn("second");
    let application: Awaited<ReturnType<typeof failedApplication>>["application"];
    try {
      ({ application } = await failedApplication("seed-initial-admin", "seeding failed on purpose"));
    } finally {
      await undo();
    }
    expect(await landlord().tenant.count({ where: { slug: application.requestedSlug } })).toBe(0);
    const stem = `tenant_${application.requestedSlug.replaceAll("-", "_")}`;
    const left = await sqlOn(
      secondServer(),
      "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?",
      [`${stem}%`],
    );
    expect(left).toEqual([]);
    // The second server is shared by the run's test files: look for this tenant's own users only.
    const rolledBack = await landlord().auditLog.findFirstOrThrow({
      where: { applicationId: application.id, action: "provisioning.rolled_back" },
    });
    const removed = (rolledBack.context as { removedTenant: string | null }).removedTenant;
    expect(removed).toBeTruthy();
    const mine = [tenantUsername(removed as string, "a"), tenantUsername(removed as string, "b")];
    const users = await sqlOn(secondServer(), "SELECT User FROM mysql.user WHERE User IN (?, ?)", mine);
    expect(users).toEqual([]);
    expect(await landlord().databaseCatalogEntry.count({ where: { name: { in: mine } } })).toBe(0);
  });
});
