// Drops the e2e landlord database and every tenant database it recorded, and
// only on a local server: testServer() refuses any other before a connection opens.
import { quoteIdentifier } from "@/lib/db/identifiers";
import { connect, dropDatabase } from "@/lib/db/server";
import { testServer } from "@/tests/helpers/server";
import { E2E_DATABASE } from "./env";

export default async function globalTeardown() {
  const conn = await connect(testServer());
  try {
    const rows: { database_name: string }[] = await conn
      .query(`SELECT database_name FROM ${quoteIdentifier(E2E_DATABASE)}.tenants`)
      .catch(() => []);
    for (const row of rows) await dropDatabase(conn, row.database_name);
    await dropDatabase(conn, E2E_DATABASE);
  } finally {
    await conn.end();
  }
}
