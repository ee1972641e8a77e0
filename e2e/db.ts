// Direct access to the e2e landlord database, for setting up what a test needs.
import { isLocal } from "@/lib/db/local-server";
import { connect, parseDatabaseUrl } from "@/lib/db/server";
import { E2E_DATABASE } from "./env";

export async function e2eQuery<T = unknown>(sql: string, values: unknown[] = []): Promise<T[]> {
  const { database: _unused, ...server } = parseDatabaseUrl(
    process.env.TEST_DATABASE_URL ?? "mysql://root@127.0.0.1:3306/election_test",
    false,
  );
  if (!isLocal(server)) throw new Error("e2e runs only against a local database");
  const conn = await connect(server, { database: E2E_DATABASE });
  try {
    return await conn.query(sql, values);
  } finally {
    await conn.end();
  }
}
