// /api/health tells anyone "ok" or "unavailable" and nothing more; a flood of
// probes costs one check over the portal's pool, not a connection each; what
// failed goes to the log once.
import mariadb from "mariadb";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/health/route";
import { healthChecksRun } from "@/lib/db/health";
import { disconnectLandlord } from "@/lib/db/landlord";
import { connect, landlordDatabase } from "@/lib/db/server";
import { resetEnvCache } from "@/lib/env";
import { testServer } from "./helpers/server";

const original = process.env.DATABASE_URL as string;

async function useDatabaseUrl(url: string) {
  process.env.DATABASE_URL = url;
  resetEnvCache();
  await disconnectLandlord(); // the pool is made from DATABASE_URL on first use
}

afterEach(async () => {
  vi.restoreAllMocks();
  await useDatabaseUrl(original);
});

/** Connections on the server that use this file's landlord database (the pool's). */
async function poolConnections(database: string): Promise<number> {
  const conn = await connect(testServer());
  try {
    const rows: { n: bigint }[] = await conn.query(
      "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()",
      [database],
    );
    return Number(rows[0]?.n ?? 0);
  } finally {
    await conn.end();
  }
}

describe("/api/health", () => {
  it('answers exactly {"status":"ok"} with 200 when the landlord database is migrated', async () => {
    await disconnectLandlord();
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).toBe('{"status":"ok"}');
  });

  it("runs one check over the pool for 100 concurrent requests, and opens no connection of its own", async () => {
    await disconnectLandlord();
    const { database } = landlordDatabase();
    const opened = vi.spyOn(mariadb, "createConnection");
    const before = healthChecksRun();

    const responses = await Promise.all(Array.from({ length: 100 }, () => GET()));
    expect(responses.map((r) => r.status)).toEqual(Array(100).fill(200));
    expect(healthChecksRun() - before).toBe(1);
    expect(opened).not.toHaveBeenCalled();
    expect(await poolConnections(database)).toBeLessThanOrEqual(2);

    // Within the second, the result is reused; after it, checked again.
    await GET();
    expect(healthChecksRun() - before).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await Promise.all([GET(), GET()]);
    expect(healthChecksRun() - before).toBe(2);
  });

  it("answers 503 {status:unavailable} with no detail when the server does not answer, and logs why once", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { database } = landlordDatabase();
    await useDatabaseUrl(`mysql://root@127.0.0.1:1/${database}`); // nothing listens on port 1

    const responses = await Promise.all([GET(), GET(), GET()]);
    for (const response of responses) {
      expect(response.status).toBe(503);
      expect(await response.text()).toBe('{"status":"unavailable"}');
    }
    await vi.waitFor(() => expect(errors).toHaveBeenCalledTimes(1), { timeout: 10_000 });
    expect(String(errors.mock.calls[0]?.[0])).toMatch(/reachable check failed.*127\.0\.0\.1:1/);

    // The next check fails the same way: nothing new in the log.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await GET()).status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(errors).toHaveBeenCalledTimes(1);
  });

  it("answers 503 with no migration names when a migration is pending, and logs them", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { database } = landlordDatabase();
    const conn = await connect(testServer(), { database });
    const [last] = (await conn.query(
      "SELECT id, migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1",
    )) as { id: string; migration_name: string }[];
    if (!last) throw new Error("no migrations applied");
    // Marked rolled back, it counts as pending; put back afterwards.
    await conn.query("UPDATE _prisma_migrations SET rolled_back_at = NOW(3) WHERE id = ?", [last.id]);
    try {
      await disconnectLandlord();
      const response = await GET();
      expect(response.status).toBe(503);
      const body = await response.text();
      expect(body).toBe('{"status":"unavailable"}');
      await vi.waitFor(() => expect(errors).toHaveBeenCalledTimes(1));
      expect(String(errors.mock.calls[0]?.[0])).toContain(`pending migration(s): ${last.migration_name}`);
    } finally {
      await conn.query("UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE id = ?", [last.id]);
      await conn.end();
    }
  });
});
