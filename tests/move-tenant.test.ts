// `tenants move` and `tenants drain` between two real MariaDB servers: the copy
// verified table by table, one landlord update switching the tenant, the
// source kept (or dropped) and its users locked, refusals that change nothing,
// a move killed half way leaving the tenant whole on its source and finished
// by running it again, and a drain emptying a server so it can be removed.
import { type ChildProcess, spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { landlord } from "@/lib/db/landlord";
import { hasTenantClient, tenantClient, withTenantConnection } from "@/lib/db/tenant-clients";
import { activeCredentials, tenantUsername } from "@/lib/db/tenant-credentials";
import type { Tenant } from "@/lib/generated/landlord/client";
import { findLeftovers } from "@/lib/operations/cleanup";
import { activeHolds } from "@/lib/operations/maintenance";
import { provisionTestTenant, uniqueSlug } from "./helpers/applications";
import { cli } from "./helpers/backups";
import { testServer } from "./helpers/server";
import { addRowsOn, connectAs, placeNextOn, registerSecondServer, secondServer, sqlOn } from "./helpers/servers";

const row = (id: string): Promise<Tenant> => landlord().tenant.findUniqueOrThrow({ where: { id } });

async function committee(server: ReturnType<typeof testServer>, database: string): Promise<string[]> {
  const rows = await sqlOn<{ email: string }>(server, "SELECT email FROM committee_users ORDER BY id", [], database);
  return rows.map((r) => r.email);
}

async function exists(server: ReturnType<typeof testServer>, database: string): Promise<boolean> {
  const rows = await sqlOn(server, "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", [database]);
  return rows.length > 0;
}

const portOf = (tenant: Tenant) =>
  withTenantConnection(tenant, async (conn) => {
    const [first] = (await conn.query("SELECT @@port AS port")) as { port: number }[];
    return Number(first?.port);
  });

async function tenantOn(server: "primary" | "second", rows = 0): Promise<Tenant> {
  const undo = await placeNextOn(server);
  try {
    const { tenant } = await provisionTestTenant({ slug: uniqueSlug(`mv-${server.slice(0, 3)}`) });
    if (rows > 0) await addRowsOn(server === "primary" ? testServer() : secondServer(), tenant.databaseName, rows);
    return tenant;
  } finally {
    await undo();
  }
}

beforeAll(async () => {
  await registerSecondServer();
});

describe("move", () => {
  it("copies, verifies and switches the tenant to the other server, keeping the source until asked", async () => {
    const tenant = await tenantOn("primary", 300);
    const before = await committee(testServer(), tenant.databaseName);
    await tenantClient(tenant).committeeUser.count(); // a client of the old place, as any process may hold
    const { code, stdout } = await cli("move", tenant.slug, "--to", "second", "--reason", "rebalance");
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Moved ${tenant.slug} from primary to second: \\d+ rows copied and verified`));
    expect(stdout).toContain("is kept (catalogued as source)");

    const after = await row(tenant.id);
    const second = await landlord().databaseServer.findUniqueOrThrow({ where: { name: "second" } });
    expect(after.serverId).toBe(second.id);
    expect(after.credentialVersion).toBeGreaterThan(tenant.credentialVersion);
    expect(await committee(secondServer(), tenant.databaseName)).toEqual(before);
    expect(await committee(testServer(), tenant.databaseName)).toEqual(before); // the source, untouched
    expect(hasTenantClient(tenant.databaseName)).toBe(false);
    // Its next request reaches the new server as its own user.
    expect(await portOf(after)).toBe(secondServer().port);
    expect(await tenantClient(after).committeeUser.count()).toBe(before.length);
    // The source's users are locked: nothing writes to the old copy any more.
    const own = await activeCredentials(tenant.id, "a");
    await expect(connectAs(testServer(), own?.username as string, own?.password as string)).rejects.toThrow(
      /locked|denied/i,
    );
    const catalog = await landlord().databaseCatalogEntry.findMany({ where: { tenantId: tenant.id } });
    const primaryLabel = `${testServer().host}:${testServer().port}`;
    const secondLabel = `${secondServer().host}:${secondServer().port}`;
    expect(
      catalog
        .map((e) => [
          e.server === primaryLabel ? "primary" : e.server === secondLabel ? "second" : e.server,
          e.kind,
          e.role,
        ])
        .sort(),
    ).toEqual([
      ["primary", "database", "source"],
      ["primary", "user", "source"],
      ["second", "database", "current"],
      ["second", "user", "current"],
    ]);
    expect(await activeHolds(tenant.id)).toEqual([]);
    const audit = await landlord().auditLog.findFirstOrThrow({
      where: { action: "tenant.moved", tenantId: tenant.id },
    });
    expect(audit.context).toMatchObject({ from: "primary", to: "second", reason: "rebalance", sourceDropped: false });
    expect((audit.context as { unavailableMs: number }).unavailableMs).toBeGreaterThanOrEqual(0);

    // And back with --drop-source: the copy on second is dropped with its users.
    const back = await cli("move", tenant.slug, "--to", "primary", "--drop-source");
    expect(back.code, back.stderr).toBe(0);
    expect(await exists(secondServer(), tenant.databaseName)).toBe(false);
    const users = await sqlOn(secondServer(), "SELECT 1 FROM mysql.user WHERE User = ?", [
      tenantUsername(tenant.id, "a"),
    ]);
    expect(users).toEqual([]);
    expect(await portOf(await row(tenant.id))).toBe(testServer().port);
    expect(await tenantClient(await row(tenant.id)).committeeUser.count()).toBe(before.length);
  });

  it("refuses a move to where it is, to a cordoned server or to an unknown one, and changes nothing", async () => {
    const tenant = await tenantOn("primary");
    const same = await cli("move", tenant.slug, "--to", "primary");
    expect(same.code).toBe(1);
    expect(same.stderr).toContain(`${tenant.slug} is on primary already.`);
    const unknown = await cli("move", tenant.slug, "--to", "nowhere");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No database server named nowhere.");
    await landlord().databaseServer.update({ where: { name: "second" }, data: { state: "cordoned" } });
    try {
      const cordoned = await cli("move", tenant.slug, "--to", "second");
      expect(cordoned.code).toBe(1);
      expect(cordoned.stderr).toContain("Server second is cordoned: it takes no tenants.");
    } finally {
      await landlord().databaseServer.update({ where: { name: "second" }, data: { state: "active" } });
    }
    const usage = await cli("move", tenant.slug);
    expect(usage.code).toBe(2);
    expect(await row(tenant.id)).toEqual(tenant);
    expect(await exists(secondServer(), tenant.databaseName)).toBe(false);
    expect(await activeHolds(tenant.id)).toEqual([]);
  });

  it("killed half way, leaves the tenant whole on its source; running it again finishes the move", async () => {
    const tenant = await tenantOn("primary", 2000);
    const before = await committee(testServer(), tenant.databaseName);
    const child: ChildProcess = spawn(
      "npx",
      [
        "tsx",
        "--import",
        "./scripts/node/hooks.mjs",
        "scripts/tenants.ts",
        "move",
        tenant.slug,
        "--to",
        "second",
        "--throttle-ms",
        "400",
      ],
      { env: process.env, detached: true, stdio: "ignore" },
    );
    // Kill it once the copy on the target has begun (some tables there).
    let tables = 0;
    for (let i = 0; i < 200 && tables < 3; i++) {
      await sleep(100);
      const rows = await sqlOn<{ n: number }>(
        secondServer(),
        "SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?",
        [tenant.databaseName],
      );
      tables = Number(rows[0]?.n ?? 0);
    }
    expect(tables).toBeGreaterThanOrEqual(3);
    process.kill(-(child.pid as number), "SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));

    // Still served from exactly one server, its source, with all its data.
    const during = await row(tenant.id);
    expect(during.serverId).toBe(tenant.serverId);
    expect(during.credentialVersion).toBe(tenant.credentialVersion);
    expect(await committee(testServer(), tenant.databaseName)).toEqual(before);
    const target = await landlord().databaseCatalogEntry.findFirst({
      where: { tenantId: tenant.id, server: `${secondServer().host}:${secondServer().port}`, kind: "database" },
    });
    expect(target?.role).toBe("scratch"); // the half copy is known, and is cleanup's if never finished
    // Its hold is cleanup's too, if the move is never run again (no move holds the tenant's lock now).
    const left = await findLeftovers();
    expect(left.holds.map((h) => [h.slug, h.owner])).toContainEqual([tenant.slug, "move to second"]);

    const again = await cli("move", tenant.slug, "--to", "second");
    expect(again.code, again.stderr).toBe(0);
    expect(await committee(secondServer(), tenant.databaseName)).toEqual(before);
    expect(await portOf(await row(tenant.id))).toBe(secondServer().port);
    expect(await activeHolds(tenant.id)).toEqual([]);
  });
});

describe("drain", () => {
  it("moves every tenant off a server with a progress line each, and leaves it draining until uncordoned", async () => {
    const a = await tenantOn("second", 10);
    const b = await tenantOn("second", 10);
    const busy = await cli("servers:remove", "second");
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/still holds \d+ tenant\(s\)/);

    const { code, stdout } = await cli("drain", "second", "--drop-source");
    expect(code, stdout).toBe(0);
    expect(stdout).toContain("Draining second: moving");
    expect(stdout).toMatch(new RegExp(`\\] ${a.slug} → primary`));
    expect(stdout).toMatch(new RegExp(`\\] ${b.slug} → primary`));
    for (const tenant of [a, b]) {
      const now = await row(tenant.id);
      expect(await portOf(now)).toBe(testServer().port);
      expect(await exists(secondServer(), tenant.databaseName)).toBe(false);
    }
    const second = await landlord().databaseServer.findUniqueOrThrow({ where: { name: "second" } });
    expect(second.state).toBe("draining");
    expect(await landlord().tenant.count({ where: { serverId: second.id } })).toBe(0);
    const uncordon = await cli("servers:uncordon", "second");
    expect(uncordon.stdout).toBe("second takes new tenants again.\n");
  });
});
