// Databases a test file creates are registered here and dropped after it.
import { connect, dropDatabase } from "@/lib/db/server";
import { testServer } from "./server";

const created = new Set<string>();

export function trackDatabase(name: string): string {
  created.add(name);
  return name;
}

export async function dropTrackedDatabases(extra: string[] = []): Promise<void> {
  const names = new Set([...created, ...extra]);
  if (names.size === 0) return;
  const conn = await connect(testServer());
  try {
    for (const name of names) await dropDatabase(conn, name);
  } finally {
    await conn.end();
  }
  created.clear();
}
