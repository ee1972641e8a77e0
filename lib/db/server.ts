// Where the database servers are, and raw connections to them. Raw SQL is for
// what Prisma cannot do: CREATE/DROP DATABASE and the migration runner.
import "server-only";
import mariadb, { type Connection, type Pool } from "mariadb";
import { env } from "../env";
import { AppError } from "../errors";
import { isIdentifier, quoteIdentifier } from "./identifiers";

export interface ServerConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  /** `?ssl=true`: TLS to the server. */
  ssl?: boolean;
  /** `?allowPublicKeyRetrieval=true`: MySQL 8's caching_sha2_password over plain TCP. */
  allowPublicKeyRetrieval?: boolean;
}

export interface DatabaseConfig extends ServerConfig {
  database: string;
}

export function parseDatabaseUrl(value: string, requireDatabase = true): DatabaseConfig {
  const url = new URL(value);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (requireDatabase && !isIdentifier(database)) {
    throw new AppError(
      "CONFIG",
      `Configuration error: the database name in the URL must be 1-64 letters, digits or underscores (got "${database}").`,
    );
  }
  const option = (name: string) => url.searchParams.get(name) === "true" || undefined;
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 3306,
    user: decodeURIComponent(url.username) || "root",
    password: decodeURIComponent(url.password),
    database,
    ...(option("ssl") && { ssl: true }),
    ...(option("allowPublicKeyRetrieval") && { allowPublicKeyRetrieval: true }),
  };
}

export function landlordDatabase(): DatabaseConfig {
  return parseDatabaseUrl(env().DATABASE_URL);
}

/** The server that holds tenant databases (the landlord's unless configured). */
export function tenantServer(): ServerConfig {
  const { TENANT_DATABASE_URL, DATABASE_URL } = env();
  const { database: _ignored, ...server } = parseDatabaseUrl(TENANT_DATABASE_URL ?? DATABASE_URL, false);
  return server;
}

export async function connect(
  server: ServerConfig,
  options: { database?: string; multipleStatements?: boolean; connectTimeoutMs?: number } = {},
): Promise<Connection> {
  try {
    return await mariadb.createConnection({
      ...server,
      database: options.database,
      multipleStatements: options.multipleStatements ?? false,
      connectTimeout: options.connectTimeoutMs ?? 5000,
      bigIntAsNumber: false,
      insertIdAsNumber: true,
      checkDuplicate: false,
    });
  } catch (error) {
    throw unreachable(server, error);
  }
}

export function unreachable(server: ServerConfig, error: unknown): AppError {
  const reason = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  return new AppError(
    "UNAVAILABLE",
    `Cannot reach the MySQL/MariaDB server at ${server.host}:${server.port} as ${server.user}: ${reason}`,
    typeof code === "string" ? { connection: code } : undefined,
  );
}

export async function databaseExists(conn: Connection, database: string): Promise<boolean> {
  const rows: unknown[] = await conn.query("SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", [
    database,
  ]);
  return rows.length > 0;
}

export async function createDatabase(conn: Connection, database: string): Promise<void> {
  await conn.query(
    `CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(database)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  );
}

export async function dropDatabase(conn: Connection, database: string): Promise<void> {
  await conn.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)}`);
}

// Small pools for the raw work on a server (CREATE/DROP DATABASE, migrations),
// so provisioning does not pay a new connection per step. Statements on these
// connections always name their database (or USE it first).
const pools = new Map<string, Pool>();
export const SERVER_POOL_SIZE = 4;

function serverPool(server: ServerConfig): Pool {
  const key = `${server.user}@${server.host}:${server.port}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = mariadb.createPool({
      ...server,
      multipleStatements: true,
      connectionLimit: SERVER_POOL_SIZE,
      minimumIdle: 1, // 0 makes mariadb 3.4.5 never open a connection
      idleTimeout: 30,
      connectTimeout: 5000,
      acquireTimeout: 30_000,
      insertIdAsNumber: true,
    });
    pools.set(key, pool);
  }
  return pool;
}

/** Runs `work` on a pooled raw connection to the server. */
export async function withServerConnection<T>(
  server: ServerConfig,
  work: (conn: Connection) => Promise<T>,
): Promise<T> {
  let conn: Connection;
  try {
    conn = await serverPool(server).getConnection();
  } catch (error) {
    throw unreachable(server, error);
  }
  try {
    return await work(conn);
  } finally {
    await (conn as mariadb.PoolConnection).release();
  }
}

export async function closeServerPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((pool) => pool.end()));
}
