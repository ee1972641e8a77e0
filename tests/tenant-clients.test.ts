import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { migrate, TENANT_MIGRATIONS } from "@/lib/db/migrator";
import { connect } from "@/lib/db/server";
import {
  closeTenantClients,
  evictTenantClient,
  hasTenantClient,
  tenantCacheStats,
  tenantClient,
  withTenantConnection,
} from "@/lib/db/tenant-clients";
import type { TenantConnectionRef } from "@/lib/db/tenant-database";
import { resetEnvCache } from "@/lib/env";
import { trackDatabase } from "./helpers/databases";
import { testServer, uniqueName } from "./helpers/server";

process.env.TENANT_CLIENT_CACHE_SIZE = "3";
process.env.TENANT_POOL_SIZE = "2";
process.env.TENANT_CONNECTION_CAP = "4";
process.env.TENANT_CLIENT_IDLE_SECONDS = "1";
resetEnvCache();

const databases = Array.from({ length: 6 }, () => trackDatabase(uniqueName("tenant_cache")));
// Rows as tenant rows would give them, without credentials of their own (reached as the server's admin).
const refs = new Map<string, TenantConnectionRef>(
  databases.map((databaseName) => [
    databaseName,
    { id: randomUUID(), databaseName, serverId: null, credentialSlot: null, credentialVersion: 0 },
  ]),
);
const ref = (database: string) => refs.get(database) as TenantConnectionRef;

beforeAll(async () => {
  await Promise.all(
    databases.map((database) => migrate({ server: testServer(), database, dir: TENANT_MIGRATIONS, create: true })),
  );
});

function addUser(database: string, email: string) {
  return tenantClient(ref(database)).tenantUser.create({
    data: { uuid: randomUUID(), firstName: "A", lastName: "B", email, passwordHash: "x", tenantId: 1n },
  });
}

describe("tenant client cache", () => {
  it("keeps each tenant's rows in its own database", async () => {
    const [a, b] = databases as [string, string];
    await addUser(a, "only-in-a@example.com");
    expect(await tenantClient(ref(a)).tenantUser.count({ where: { email: "only-in-a@example.com" } })).toBe(1);
    expect(await tenantClient(ref(b)).tenantUser.count({ where: { email: "only-in-a@example.com" } })).toBe(0);
  });

  it("holds at most TENANT_CLIENT_CACHE_SIZE clients and TENANT_CONNECTION_CAP connections, however many tenants", async () => {
    let peak = 0;
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        databases.map(async (db) => {
          await tenantClient(ref(db)).role.findMany();
          peak = Math.max(peak, tenantCacheStats().connections);
        }),
      );
      expect(tenantCacheStats().clients).toBeLessThanOrEqual(3);
      expect(tenantCacheStats().pools).toBeLessThanOrEqual(2); // cap 4 / 2 per tenant
    }
    expect(peak).toBeGreaterThan(0);
    expect(tenantCacheStats().peakConnections).toBeLessThanOrEqual(4);
  });

  it("never closes a pool under running work, and never opens more than the cap, under a burst over every tenant", async () => {
    // 5 queries per tenant at once, and a transaction that holds its connection while the others churn.
    const [first] = databases as [string];
    const inTransaction = tenantClient(ref(first)).$transaction(async (tx) => {
      await tx.role.count();
      await sleep(300);
      return tx.role.count();
    });
    const burst = databases.flatMap((db) => Array.from({ length: 5 }, () => tenantClient(ref(db)).role.count()));
    expect(await Promise.all(burst)).toEqual(burst.map(() => 3));
    expect(await inTransaction).toBe(3);
    expect(tenantCacheStats().peakConnections).toBeLessThanOrEqual(4);
    expect(tenantCacheStats().waiting).toBe(0);
  });

  it("closes the least recently used client first", async () => {
    const [a, b, c, d] = databases as [string, string, string, string];
    const first = tenantClient(ref(a));
    tenantClient(ref(b));
    tenantClient(ref(c));
    expect(tenantClient(ref(a))).toBe(first); // a is now the most recent
    tenantClient(ref(d)); // evicts b, the least recently used
    expect(tenantClient(ref(a))).toBe(first);
    const bAgain = tenantClient(ref(b));
    expect(await bAgain.role.count()).toBe(3); // a fresh client works
  });

  it("keeps a client whose connections were closed, and opens them again at its next query", async () => {
    const [a, b, c] = databases as [string, string, string];
    const client = tenantClient(ref(a));
    expect(await client.role.count()).toBe(3);
    // Two other tenants take both pool places (cap 4 / 2 per tenant): a's pool closes, its client stays.
    await tenantClient(ref(b)).role.count();
    await tenantClient(ref(c)).role.count();
    expect(tenantClient(ref(a))).toBe(client);
    expect(await client.role.count()).toBe(3);
  });

  it("gives a tenant new connections when its row changes (a move, a restore, a credentials reset)", async () => {
    const database = databases[2] as string;
    const before = ref(database);
    const client = tenantClient(before);
    const after = { ...before, credentialVersion: before.credentialVersion + 1 };
    expect(tenantClient(after)).not.toBe(client);
    expect(await tenantClient(after).role.count()).toBe(3);
  });

  it("runs raw work on one of the tenant's own connections", async () => {
    const database = databases[3] as string;
    const name = await withTenantConnection(ref(database), async (conn) => {
      const [row] = (await conn.query("SELECT DATABASE() AS db")) as { db: string }[];
      return row?.db;
    });
    expect(name).toBe(database);
  });

  it("drops an idle connection the server closed (a restart, a KILL), without an uncaught error, and works on", async () => {
    const database = databases[4] as string;
    const id = await withTenantConnection(ref(database), async (conn) => {
      const [row] = (await conn.query("SELECT CONNECTION_ID() AS id")) as { id: bigint | number }[];
      return Number(row?.id);
    });
    const admin = await connect(testServer());
    try {
      await admin.query(`KILL CONNECTION ${id}`);
    } finally {
      await admin.end();
    }
    await sleep(200); // the idle connection's socket closes: an error event with no caller to take it
    const again = await withTenantConnection(ref(database), async (conn) => {
      const [row] = (await conn.query("SELECT CONNECTION_ID() AS id")) as { id: bigint | number }[];
      return Number(row?.id);
    });
    expect(again).not.toBe(id);
  });

  it("opens a connection only when work needs one: one for one query, at most TENANT_POOL_SIZE at once", async () => {
    await closeTenantClients();
    const database = databases[4] as string;
    const admin = await connect(testServer());
    const onServer = async () => {
      const [row] = (await admin.query("SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = ?", [
        database,
      ])) as { n: bigint }[];
      return Number(row?.n);
    };
    try {
      await withTenantConnection(ref(database), (conn) => conn.query("SELECT 1"));
      await sleep(100); // the driver's pool opened its second connection in the background
      expect(await onServer()).toBe(1);
      expect(tenantCacheStats().connections).toBe(1);

      let running = 0;
      let most = 0;
      await Promise.all(
        Array.from({ length: 5 }, () =>
          withTenantConnection(ref(database), async (conn) => {
            most = Math.max(most, ++running);
            await conn.query("SELECT SLEEP(0.05)");
            running--;
          }),
        ),
      );
      expect(most).toBe(2);
      expect(await onServer()).toBe(2);
      expect(tenantCacheStats().peakConnections).toBe(2);

      evictTenantClient(database);
      await sleep(100);
      expect(await onServer()).toBe(0);
    } finally {
      await admin.end();
    }
  });

  it("closes clients left idle, and a closed tenant can be used again", async () => {
    await tenantClient(ref(databases[0] as string)).role.count();
    await sleep(1600);
    expect(tenantCacheStats().clients).toBe(0);
    expect(await tenantClient(ref(databases[0] as string)).role.count()).toBe(3);
  });

  it("evicts one tenant on request and shuts down cleanly", async () => {
    const db = databases[1] as string;
    const client = tenantClient(ref(db));
    evictTenantClient(db);
    expect(hasTenantClient(db)).toBe(false);
    expect(tenantClient(ref(db))).not.toBe(client);
    await closeTenantClients();
    expect(await tenantClient(ref(db)).role.count()).toBe(3); // a new pool after a full close
  });

  it("refuses a database name that is not a plain identifier", () => {
    expect(() => tenantClient({ ...ref(databases[0] as string), databaseName: "tenant_x`; DROP DATABASE y" })).toThrow(
      /unsafe database identifier/,
    );
  });
});
