import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { migrate, TENANT_MIGRATIONS } from "@/lib/db/migrator";
import { closeTenantClients, evictTenantClient, tenantCacheStats, tenantClient } from "@/lib/db/tenant-clients";
import { resetEnvCache } from "@/lib/env";
import { trackDatabase } from "./helpers/databases";
import { testServer, uniqueName } from "./helpers/server";

process.env.TENANT_CLIENT_CACHE_SIZE = "3";
process.env.TENANT_POOL_SIZE = "2";
process.env.TENANT_CLIENT_IDLE_SECONDS = "1";
resetEnvCache();

const databases = Array.from({ length: 6 }, () => trackDatabase(uniqueName("tenant_cache")));

beforeAll(async () => {
  await Promise.all(
    databases.map((database) => migrate({ server: testServer(), database, dir: TENANT_MIGRATIONS, create: true })),
  );
});

function addUser(database: string, email: string) {
  return tenantClient({ databaseName: database }).tenantUser.create({
    data: { uuid: randomUUID(), firstName: "A", lastName: "B", email, passwordHash: "x", tenantId: 1n },
  });
}

describe("tenant client cache", () => {
  it("keeps each tenant's rows in its own database", async () => {
    const [a, b] = databases as [string, string];
    await addUser(a, "only-in-a@example.com");
    expect(
      await tenantClient({ databaseName: a }).tenantUser.count({ where: { email: "only-in-a@example.com" } }),
    ).toBe(1);
    expect(
      await tenantClient({ databaseName: b }).tenantUser.count({ where: { email: "only-in-a@example.com" } }),
    ).toBe(0);
  });

  it("holds at most TENANT_CLIENT_CACHE_SIZE clients and at most TENANT_POOL_SIZE connections, however many tenants", async () => {
    let peakConnections = 0;
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        databases.map(async (db) => {
          await tenantClient({ databaseName: db }).role.findMany();
          peakConnections = Math.max(peakConnections, tenantCacheStats().connections);
        }),
      );
      expect(tenantCacheStats().clients).toBeLessThanOrEqual(3);
    }
    expect(peakConnections).toBeGreaterThan(0);
    expect(peakConnections).toBeLessThanOrEqual(2);
  });

  it("closes the least recently used client first", async () => {
    const [a, b, c, d] = databases as [string, string, string, string];
    const first = tenantClient({ databaseName: a });
    tenantClient({ databaseName: b });
    tenantClient({ databaseName: c });
    expect(tenantClient({ databaseName: a })).toBe(first); // a is now the most recent
    tenantClient({ databaseName: d }); // evicts b, the least recently used
    expect(tenantClient({ databaseName: a })).toBe(first);
    const bAgain = tenantClient({ databaseName: b });
    expect(await bAgain.role.count()).toBe(3); // a fresh client works
  });

  it("closes clients left idle, and a closed tenant can be used again", async () => {
    await tenantClient({ databaseName: databases[0] as string }).role.count();
    await sleep(1600);
    expect(tenantCacheStats().clients).toBe(0);
    expect(await tenantClient({ databaseName: databases[0] as string }).role.count()).toBe(3);
  });

  it("evicts one tenant on request and shuts down cleanly", async () => {
    const db = databases[1] as string;
    const client = tenantClient({ databaseName: db });
    evictTenantClient(db);
    expect(tenantClient({ databaseName: db })).not.toBe(client);
    await closeTenantClients();
    expect(await tenantClient({ databaseName: db }).role.count()).toBe(3); // a new pool after a full close
  });

  it("refuses a database name that is not a plain identifier", () => {
    expect(() => tenantClient({ databaseName: "tenant_x`; DROP DATABASE y" })).toThrow(/unsafe database identifier/);
  });
});
