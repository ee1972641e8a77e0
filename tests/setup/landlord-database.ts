// Runs before each integration test file: points DATABASE_URL at a landlord
// database of the file's own, migrates it, and afterwards drops it together
// with every tenant database it recorded and every database the file tracked.
import { afterAll, beforeAll } from "vitest";
import { disconnectLandlord } from "@/lib/db/landlord";
import { LANDLORD_MIGRATIONS, migrate } from "@/lib/db/migrator";
import { closeServerPools, connect } from "@/lib/db/server";
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
  try {
    const rows: { database_name: string }[] = await conn.query(`SELECT database_name FROM \`${landlordName}\`.tenants`);
    tenantDatabases = rows.map((r) => r.database_name);
  } catch {
    // The landlord database may not exist if a test dropped it on purpose.
  } finally {
    await conn.end();
  }
  await closeTenantClients();
  await closeServerPools();
  await disconnectLandlord();
  await dropTrackedDatabases(tenantDatabases);
});
