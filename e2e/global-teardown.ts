// Drops the e2e landlord database and every tenant database it recorded.
import { connect, dropDatabase, parseDatabaseUrl, quoteIdentifier } from "@/lib/db/server";
import { E2E_DATABASE } from "./env";

export default async function globalTeardown() {
  const { database: _unused, ...server } = parseDatabaseUrl(
    process.env.TEST_DATABASE_URL ?? "mysql://root@127.0.0.1:3306/election_test",
    false,
  );
  const conn = await connect(server);
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
