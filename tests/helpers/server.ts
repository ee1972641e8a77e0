// The MariaDB server the tests (and the benchmarks) use: TEST_DATABASE_URL's,
// or the local default. This is the one place that names it, and it refuses
// any server that is not on this machine before a connection opens.
import { randomBytes } from "node:crypto";
import { isLocal } from "@/lib/db/local-server";
import { parseDatabaseUrl, type ServerConfig } from "@/lib/db/server";

const DEFAULT_URL = "mysql://root@127.0.0.1:3306/election_test";

export function testServer(url = process.env.TEST_DATABASE_URL ?? DEFAULT_URL, who = "Tests"): ServerConfig {
  const { database: _unused, ...server } = parseDatabaseUrl(url, false);
  if (!isLocal(server)) throw new Error(`${who} run only against a local database server, not ${server.host}.`);
  return server;
}

/** The URL of `database` on a server, with its credentials. */
export function serverUrl(s: ServerConfig, database: string): string {
  const auth = s.password
    ? `${encodeURIComponent(s.user)}:${encodeURIComponent(s.password)}`
    : encodeURIComponent(s.user);
  return `mysql://${auth}@${s.host}:${s.port}/${database}`;
}

export function testServerUrl(database: string): string {
  return serverUrl(testServer(), database);
}

/** A database name no other test file uses: `<prefix>_<random>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString("hex")}`;
}
