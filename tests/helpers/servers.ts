// Several database servers in tests: the second test server (started once
// per run by tests/setup/second-server.ts), registering it in this file's
// landlord, steering the next tenant onto one server, and raw SQL on any server.
import { inject } from "vitest";
import { landlord } from "@/lib/db/landlord";
import { connect, parseDatabaseUrl, type ServerConfig } from "@/lib/db/server";
import { type DatabaseServer, forgetServers, listRegisteredServers, registerServer } from "@/lib/db/servers";

/** The second test server's connection (root, no password, on this machine). */
export function secondServer(): ServerConfig {
  const { database: _none, ...server } = parseDatabaseUrl(inject("secondServerUrl"), false);
  return server;
}

/** Registers the second test server as `second` in this file's landlord (once). */
export async function registerSecondServer(capacity = 2000): Promise<DatabaseServer> {
  const existing = await landlord().databaseServer.findUnique({ where: { name: "second" } });
  if (existing) return existing;
  await listRegisteredServers(); // the first (primary) server registers itself first
  return registerServer({ name: "second", ...secondServer() }, capacity);
}

/** Makes `name` the only active server, so the next tenants are placed there; returns a function that undoes it. */
export async function placeNextOn(name: string): Promise<() => Promise<void>> {
  const before = await landlord().databaseServer.findMany({ select: { id: true, state: true } });
  await landlord().databaseServer.updateMany({ where: { name: { not: name } }, data: { state: "cordoned" } });
  await landlord().databaseServer.updateMany({ where: { name }, data: { state: "active" } });
  forgetServers();
  return async () => {
    for (const s of before) await landlord().databaseServer.update({ where: { id: s.id }, data: { state: s.state } });
    forgetServers();
  };
}

/** Runs SQL on a server (as its admin), optionally in a database. */
export async function sqlOn<T = Record<string, unknown>>(
  server: ServerConfig,
  query: string,
  values?: unknown[],
  database?: string,
): Promise<T[]> {
  const conn = await connect(server, database ? { database } : undefined);
  try {
    return (await conn.query(query, values)) as T[];
  } finally {
    await conn.end();
  }
}

/** Connects as a given database user (a tenant's own), to see what the server lets it do. */
export function connectAs(server: ServerConfig, user: string, password: string, database?: string) {
  return connect({ ...server, user, password }, database ? { database } : undefined);
}

/** `count` committee members in a tenant database on any server (helpers/backups.ts addRows is the first server's). */
export async function addRowsOn(server: ServerConfig, database: string, count: number): Promise<void> {
  await sqlOn(
    server,
    `INSERT INTO committee_users (uuid, tenant_id, first_name, last_name, email, committee_role, status, created_at, updated_at)
     SELECT UUID(), 1, CONCAT('First ', seq), CONCAT('Last ', seq), CONCAT('m', seq, '@example.org'), 'member', 'active', NOW(3), NOW(3)
     FROM seq_1_to_${Number(count)}`,
    [],
    database,
  );
}
