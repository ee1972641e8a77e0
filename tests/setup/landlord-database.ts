// Runs before each integration test file: points DATABASE_URL at a landlord
// database of the file's own, migrates it, and afterwards drops it together
// with every tenant database it recorded and every database the file tracked.
import { afterAll, beforeAll } from "vitest";
import { disconnectLandlord } from "@/lib/db/landlord";
import { LANDLORD_MIGRATIONS, migrate } from "@/lib/db/migrator";
import { closeServerPools, connect, dropDatabase } from "@/lib/db/server";
import { closeTenantClients } from "@/lib/db/tenant-clients";
import { resetEnvCache } from "@/lib/env";
import { dropTrackedDatabases, trackDatabase } from "../helpers/databases";
import { testServer, testServerUrl, uniqueName } from "../helpers/server";

const landlordName = trackDatabase(uniqueName("election_test"));
process.env.DATABASE_URL = testServerUrl(landlordName);
process.env.TENANT_DATABASE_URL = "";
process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret-0123";
process.env.BCRYPT_COST ??= "4";
// A keyring of the test run's own (lib/keyring.ts); never a deployment's.
process.env.ENCRYPTION_KEYS ??= "test:zRZFGqmxgPoF/yxEBAnkPRISVcy0HRkZrQBWAwCXrWs=";
resetEnvCache();

beforeAll(async () => {
  await migrate({ server: testServer(), database: landlordName, dir: LANDLORD_MIGRATIONS, create: true });
});

afterAll(async () => {
  const conn = await connect(testServer());
  let tenantDatabases: string[] = [];
  let elsewhere: Leftover[] = [];
  try {
    const rows: { database_name: string }[] = await conn.query(`SELECT database_name FROM \`${landlordName}\`.tenants`);
    tenantDatabases = rows.map((r) => r.database_name);
    elsewhere = await conn.query(
      `SELECT s.host, s.port, c.kind, c.name FROM \`${landlordName}\`.database_catalog c
         JOIN \`${landlordName}\`.database_servers s ON c.server = CONCAT(s.host, ':', s.port)
       UNION
       SELECT s.host, s.port, 'user', tc.username FROM \`${landlordName}\`.tenant_credentials tc
         JOIN \`${landlordName}\`.tenants t ON t.id = tc.tenant_id
         JOIN \`${landlordName}\`.database_servers s ON s.id = t.server_id`,
    );
  } catch {
    // The landlord database may not exist if a test dropped it on purpose.
  } finally {
    await conn.end();
  }
  await closeTenantClients();
  await closeServerPools();
  await disconnectLandlord();
  await dropTrackedDatabases(tenantDatabases);
  await dropLeftovers(elsewhere);
});

interface Leftover {
  host: string;
  port: number;
  kind: "database" | "user";
  name: string;
}

// What the file made on any server (the second test server too): its
// databases and the tenants' own database users, which outlive a database.
async function dropLeftovers(rows: Leftover[]): Promise<void> {
  const byServer = new Map<string, Leftover[]>();
  for (const row of rows)
    byServer.set(`${row.host}:${row.port}`, [...(byServer.get(`${row.host}:${row.port}`) ?? []), row]);
  for (const items of byServer.values()) {
    const { host, port } = items[0] as Leftover;
    const server = await connect({ host, port: Number(port), user: "root", password: "" }).catch(() => null);
    if (!server) continue; // a server a test stopped on purpose
    try {
      for (const item of items) {
        if (item.kind === "user" && /^t_[0-9a-f]{20}_[ab]$/.test(item.name)) {
          await server.query(`DROP USER IF EXISTS '${item.name}'@'%'`);
        } else if (item.kind === "database") {
          await dropDatabase(server, item.name);
        }
      }
    } finally {
      await server.end();
    }
  }
}
