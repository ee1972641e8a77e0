// The backup benchmark (bench/backup.ts) at a tiny size, so it cannot rot:
// every figure is there, measured beside its baseline, and nothing is left.
import { describe, expect, it } from "vitest";
import { backupBenchmark } from "@/bench/backup";
import { landlord } from "@/lib/db/landlord";
import { allDatabases } from "./helpers/tenant-state";

describe("npm run bench -- backup (smoke size)", () => {
  it("measures backup, restore and backup --all beside mariadb-dump and gunzip | mariadb", async () => {
    const figures = await backupBenchmark({ users: 200, rows: 1000, tenants: 3, concurrency: 2 });
    expect(figures.map((f) => f.benchmark)).toEqual(["backup", "backup", "restore", "backup --all"]);
    for (const figure of figures) {
      expect(figure.value).toBeGreaterThan(0);
      expect(figure.baseline).toBeGreaterThan(0);
      expect(Number.isFinite(figure.ratio)).toBe(true);
    }
    expect(figures[0]?.metric).toMatch(
      /^1 tenant \(200 users \+ 1,000 rows, \d+ MiB of SQL\): [\d.]+ vs [\d.]+ MiB\/s$/,
    );
    expect(figures[3]?.metric).toBe("3 small tenants, 2 at a time");
    // The restore's previous database and the tool's copy are gone.
    const tenants = await landlord().tenant.findMany({ select: { databaseName: true } });
    const names = await allDatabases();
    expect(names.filter((n) => n.endsWith("_toolcopy"))).toEqual([]);
    expect(await landlord().databaseCatalogEntry.count({ where: { role: { not: "current" } } })).toBe(0);
    for (const t of tenants) expect(names).toContain(t.databaseName);
  });
});
