// The fleet-scale benchmark (bench/fleet-scale.ts) at smoke size, on the two
// real test servers, so its code cannot rot: every stage runs for real and
// reports what it did (no timing is asserted here), and nothing is left behind.
import { beforeAll, describe, expect, it } from "vitest";
import { fleetScale } from "@/bench/fleet-scale";
import { BENCH_INITIAL_PASSWORD, type Figure } from "@/bench/lib";
import { landlord } from "@/lib/db/landlord";
import { resetEnvCache } from "@/lib/env";
import { testServer } from "./helpers/server";
import { secondServer, sqlOn } from "./helpers/servers";

const TENANTS = 6;

const find = (figures: Figure[], benchmark: string, metric: RegExp) => {
  const found = figures.find((f) => f.benchmark === benchmark && metric.test(f.metric));
  if (!found) throw new Error(`no figure ${benchmark} / ${metric}`);
  return found;
};

beforeAll(() => {
  // As the benchmarks' landlord does: the tenants' admins sign in with the fixed development password.
  process.env.INITIAL_ADMIN_PASSWORD = BENCH_INITIAL_PASSWORD;
  resetEnvCache();
});

describe("npm run bench -- fleet-scale (smoke size)", () => {
  it("provisions, migrates, checks, signs in, backs up and verifies a fleet over two servers", async () => {
    const stages: string[] = [];
    const figures = await fleetScale(
      { tenants: TENANTS, signIns: 12, backupConcurrency: 2 },
      { second: secondServer(), onLimits: (stage, server) => stages.push(`${stage} @ ${server}`) },
    );

    // Placement used both servers, and every tenant was provisioned.
    const placed = await landlord().tenant.groupBy({ by: ["serverId"], _count: { _all: true } });
    expect(placed).toHaveLength(2);
    expect(find(figures, "fleet-scale provision", /^failures/).value).toBe(0);
    expect(find(figures, "fleet-scale migration", /^tenants migrated$/)).toMatchObject({ value: TENANTS, pass: true });
    const migration = find(figures, "fleet-scale migration", /vs one at a time/);
    expect(migration.baseline).toBeGreaterThan(0);

    // The reports found a healthy, up-to-date fleet, and the query count ran.
    for (const name of ["health-check", "migrate:status", "disk-usage"]) {
      expect(
        find(figures, "fleet-scale reports", new RegExp(`^${name} over ${TENANTS} tenants$`)).value,
      ).toBeGreaterThan(0);
      const queries = find(figures, "fleet-scale reports", new RegExp(`^${name}: information_schema`));
      expect(queries.metric).toMatch(/\d+ in all\)$/);
    }
    // disk-usage asks once per server, naming every tenant of it in one query.
    expect(find(figures, "fleet-scale reports", /^disk-usage: information_schema/).value).toBe(1);

    expect(find(figures, "fleet-scale sign-in", /^peak tenant connections/).pass).toBe(true);
    expect(find(figures, "fleet-scale backups", /^backed up$/)).toMatchObject({ value: TENANTS, pass: true });
    expect(find(figures, "fleet-scale backups", /^verified/)).toMatchObject({ value: TENANTS, pass: true });
    expect(find(figures, "fleet-scale backups", /^backup --all throughput/).baseline).toBeGreaterThan(0);
    expect(stages).toContain("after provisioning @ bench-second");
    expect(find(figures, "fleet-scale limits", /^bench-second, after provisioning \(/).metric).toMatch(
      /\(\d+ tenant dbs, \d+ tables\)/,
    );

    // Nothing left on either server: no tenant database, no tenant database user.
    const tenants = await landlord().tenant.findMany({ select: { databaseName: true, id: true } });
    for (const server of [testServer(), secondServer()]) {
      const dbs = await sqlOn<{ n: string }>(server, "SELECT SCHEMA_NAME AS n FROM information_schema.SCHEMATA");
      const names = new Set(dbs.map((d) => d.n));
      expect(tenants.filter((t) => names.has(t.databaseName))).toEqual([]);
      const users = await sqlOn<{ u: string }>(server, "SELECT User AS u FROM mysql.user WHERE User LIKE 't\\_%'");
      const prefixes = tenants.map((t) => `t_${t.id.replaceAll("-", "").slice(0, 20)}`);
      expect(users.filter((u) => prefixes.some((p) => u.u.startsWith(p)))).toEqual([]);
    }
  }, 180_000);
});
