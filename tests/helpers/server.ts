// The MariaDB server the tests use: TEST_DATABASE_URL's, or the local default.
// Tests refuse any server that is not on this machine.
import { randomBytes } from "node:crypto";
import { isLocal } from "@/lib/db/local-server";
import { parseDatabaseUrl, type ServerConfig } from "@/lib/db/server";

export function testServer(): ServerConfig {
  const { database: _unused, ...server } = parseDatabaseUrl(
    process.env.TEST_DATABASE_URL ?? "mysql://root@127.0.0.1:3306/election_test",
    false,
  );
  if (!isLocal(server)) throw new Error(`Tests run only against a local database server, not ${server.host}.`);
  return server;
}

export function testServerUrl(database: string): string {
  const s = testServer();
  const auth = s.password
    ? `${encodeURIComponent(s.user)}:${encodeURIComponent(s.password)}`
    : encodeURIComponent(s.user);
  return `mysql://${auth}@${s.host}:${s.port}/${database}`;
}

/** A database name no other test file uses: `<prefix>_<random>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString("hex")}`;
}
