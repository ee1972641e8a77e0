// Drops the e2e landlord database, every tenant database it recorded and the
// tenants' own database users (which outlive a database), and only on a local
// server: testServer() refuses any other before a connection opens.
import { quoteIdentifier } from "@/lib/db/identifiers";
import { connect, dropDatabase } from "@/lib/db/server";
import { dropDatabaseUser } from "@/lib/db/tenant-credentials";
import { testServer } from "@/tests/helpers/server";
import { E2E_DATABASE } from "./env";

export default async function globalTeardown() {
  const conn = await connect(testServer());
  const landlord = quoteIdentifier(E2E_DATABASE);
  try {
    const rows: { database_name: string }[] = await conn
      .query(`SELECT database_name FROM ${landlord}.tenants`)
      .catch(() => []);
    const users: { username: string }[] = await conn
      .query(`SELECT username FROM ${landlord}.tenant_credentials`)
      .catch(() => []);
    for (const row of rows) await dropDatabase(conn, row.database_name);
    for (const row of users) await dropDatabaseUser(conn, row.username);
    await dropDatabase(conn, E2E_DATABASE);
  } finally {
    await conn.end();
  }
}
