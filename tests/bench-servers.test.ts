// The benchmarks of several servers (bench/servers-burst.ts, bench/move.ts)
// and the sign-in over tenants with their own credentials (bench/fleet.ts) at
// smoke size, against the tests' second server, so they cannot rot. What is
// checked is what happened on the servers, never a timing.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { fleetAndSignIn } from "@/bench/fleet";
import { BENCH_INITIAL_PASSWORD } from "@/bench/lib";
import { moveBenchmark } from "@/bench/move";
import { serversBurst } from "@/bench/servers-burst";
import { landlord } from "@/lib/db/landlord";
import { tenantClient } from "@/lib/db/tenant-clients";
import { resetEnvCache } from "@/lib/env";
import { testServer } from "./helpers/server";
import { placeNextOn, registerSecondServer, secondServer, sqlOn } from "./helpers/servers";

// The sign-in bench signs in as the tenants' initial admins, as bench/lib.ts sets them up.
process.env.INITIAL_ADMIN_PASSWORD = BENCH_INITIAL_PASSWORD;
resetEnvCache();

let ids: { primary: number; second: number };

async function databasesOn(server: ReturnType<typeof testServer>, names: string[]): Promise<string[]> {
  const rows = await sqlOn<{ n: string }>(
    server,
    `SELECT SCHEMA_NAME AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (${names.map(() => "?").join(", ")})`,
    names,
  );
  return rows.map((r) => r.n).sort();
}

const tenantsLike = (prefix: string) =>
  landlord().tenant.findMany({ where: { slug: { startsWith: `${prefix}-` } }, orderBy: { slug: "asc" } });

beforeAll(async () => {
  const second = await registerSecondServer();
  const primary = await landlord().databaseServer.findUniqueOrThrow({ where: { name: "primary" } });
  ids = { primary: primary.id, second: second.id };
});

describe("npm run bench -- servers-burst (smoke size)", () => {
  it("provisions every approval across both servers by capacity, then the same burst on one", async () => {
    const figures = await serversBurst(6, { secondUrl: inject("secondServerUrl") });
    expect(figures.filter((f) => f.pass === false)).toEqual([]);

    const spread = await tenantsLike("sb");
    expect(spread.map((t) => t.status)).toEqual(Array(6).fill("active"));
    // Equal capacities: three each.
    const onSecond = spread.filter((t) => t.serverId === ids.second);
    const onPrimary = spread.filter((t) => t.serverId === ids.primary);
    expect([onPrimary.length, onSecond.length]).toEqual([3, 3]);
    const names = (list: typeof spread) => list.map((t) => t.databaseName).sort();
    expect(await databasesOn(secondServer(), names(onSecond))).toEqual(names(onSecond));
    expect(await databasesOn(testServer(), names(onPrimary))).toEqual(names(onPrimary));
    expect(await databasesOn(secondServer(), names(onPrimary))).toEqual([]);

    const single = await tenantsLike("sb1");
    expect(single.map((t) => [t.status, t.serverId])).toEqual(Array(6).fill(["active", ids.primary]));
    const second = await landlord().databaseServer.findUniqueOrThrow({ where: { id: ids.second } });
    expect(second.state).toBe("active");
  });
});

describe("npm run bench -- move (smoke size)", () => {
  it("moves a tenant of 500 users to the second server, served from there with every row", async () => {
    const figures = await moveBenchmark(500, { secondUrl: inject("secondServerUrl") });
    expect(figures.map((f) => f.metric)).toEqual([
      "1 tenant, 500 users (533 rows), primary → second",
      "unavailable (maintenance hold on)",
      "users served from second after the move, as the tenant's own user",
    ]);
    expect(figures[0]?.baseline).toBeGreaterThan(0);
    expect(figures[2]?.pass).toBe(true);

    const [tenant] = await tenantsLike("mv");
    expect(tenant?.serverId).toBe(ids.second);
    if (!tenant) throw new Error("no moved tenant");
    expect(await tenantClient(tenant).tenantUser.count()).toBe(501);
    // The tool's copy is gone; the source is kept on the first server.
    expect(await databasesOn(secondServer(), [`${tenant.databaseName}_pipe`])).toEqual([]);
    expect(await databasesOn(testServer(), [tenant.databaseName])).toEqual([tenant.databaseName]);
  });
});

describe("npm run bench -- fleet (smoke size)", () => {
  it("signs in over 40 tenants through their own database users, within the connection cap", async () => {
    const undo = await placeNextOn("primary"); // the fleet's baseline reads the first server
    try {
      const figures = await fleetAndSignIn(40, 40);
      const byMetric = new Map(figures.map((f) => [f.metric.replace(/ \(.*$/, ""), f]));
      expect(byMetric.get("tenants migrated")?.pass).toBe(true);
      expect(byMetric.get("peak tenant connections open")?.pass).toBe(true);
      expect(byMetric.get("connections as the tenant's own database user")?.pass).toBe(true);
      expect(byMetric.get("connections as the tenant's own database user")?.value).toBe(20);
      const p95 = figures.find((f) => f.metric.startsWith("p95 over 40 sign-ins, 40 tenants"));
      expect(p95?.baseline).toBeGreaterThan(0);
    } finally {
      await undo();
    }
    // The fleet's tenants' database users are dropped with it.
    const credentials = await landlord().tenantCredential.findMany({
      where: { tenant: { slug: { startsWith: "fleet-" } } },
      select: { username: true },
    });
    expect(credentials.length).toBeGreaterThanOrEqual(40);
    const names = credentials.map((c) => c.username);
    const left = await sqlOn(
      testServer(),
      `SELECT User FROM mysql.user WHERE User IN (${names.map(() => "?").join(", ")})`,
      names,
    );
    expect(left).toEqual([]);
  });
});
