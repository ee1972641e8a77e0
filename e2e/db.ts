// Direct access to the e2e landlord database, for setting up what a test needs.
// The server is the integration tests' own: testServer() refuses any server
// that is not on this machine.
import { connect } from "@/lib/db/server";
import { testServer } from "@/tests/helpers/server";
import { E2E_DATABASE } from "./env";

export async function e2eQuery<T = unknown>(sql: string, values: unknown[] = []): Promise<T[]> {
  const conn = await connect(testServer(), { database: E2E_DATABASE });
  try {
    return await conn.query(sql, values);
  } finally {
    await conn.end();
  }
}
