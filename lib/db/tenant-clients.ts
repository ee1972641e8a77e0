// Tenant databases are reached through this one cache. Each tenant reaches
// its database on its own server through a pool of its own, signed in as its
// own database user (lib/db/tenant-credentials.ts), so a bug in one tenant's
// page cannot read another tenant's data: the server refuses it.
//
// Two bounded caches:
//   - pools (connections): at most TENANT_POOL_SIZE connections each, and at
//     most TENANT_CONNECTION_CAP connections in all; the least recently used
//     pool closes first, an idle one after TENANT_CLIENT_IDLE_SECONDS;
//   - Prisma clients (query compiler and plans): TENANT_CLIENT_CACHE_SIZE of
//     them. A client does not own connections: each query takes its tenant's
//     pool from the first cache (opening it again if it was closed), so the
//     expensive part stays warm while connections stay bounded.
// Both are keyed by tenant, server, database and credential version
// (connectionKey): a move, a restore or a credentials reset seen on the
// tenant's row at the next request opens new connections in every process.
import "server-only";
import { PrismaMariaDb } from "@prisma/adapter-mariadb";
import { LRUCache } from "lru-cache";
import mariadb, { type Pool } from "mariadb";
import { env } from "../env";
import { PrismaClient } from "../generated/tenant/client";
import { adminConfig, serverOf } from "./servers";
import { activeCredentials } from "./tenant-credentials";
import { connectionKey, type TenantDatabaseRef, tenantDatabaseName } from "./tenant-database";

export type TenantClient = PrismaClient;

type Adapter = Awaited<ReturnType<PrismaMariaDb["connect"]>>;

interface PoolEntry {
  pool: Pool;
  adapter: Promise<Adapter>;
}

interface State {
  pools: LRUCache<string, Promise<PoolEntry>>;
  /** The pools that have opened, for counting connections without waiting. */
  open: Map<string, PoolEntry>;
  clients: LRUCache<string, PrismaClient>;
  closing: Set<Promise<unknown>>;
  peakConnections: number;
}

const holder = globalThis as unknown as { tenantClients?: State };

function track(s: State, work: Promise<unknown>): void {
  const done = work.catch(() => undefined);
  s.closing.add(done);
  void done.finally(() => s.closing.delete(done));
}

function state(): State {
  if (holder.tenantClients) return holder.tenantClients;
  const config = env();
  const closing = new Set<Promise<unknown>>();
  const s: State = {
    closing,
    open: new Map(),
    peakConnections: 0,
    pools: new LRUCache<string, Promise<PoolEntry>>({
      max: Math.max(1, Math.floor(config.TENANT_CONNECTION_CAP / config.TENANT_POOL_SIZE)),
      ttl: config.TENANT_CLIENT_IDLE_SECONDS * 1000,
      updateAgeOnGet: true,
      ttlAutopurge: true,
      dispose: (entry, key) => {
        s.open.delete(key);
        track(
          s,
          entry.then((e) => e.pool.end()),
        );
      },
    }),
    clients: new LRUCache<string, PrismaClient>({
      max: config.TENANT_CLIENT_CACHE_SIZE,
      ttl: config.TENANT_CLIENT_IDLE_SECONDS * 1000,
      updateAgeOnGet: true,
      ttlAutopurge: true,
      dispose: (client) => track(s, client.$disconnect()),
    }),
  };
  holder.tenantClients = s;
  return s;
}

async function openPool(tenant: TenantDatabaseRef): Promise<PoolEntry> {
  const config = env();
  const database = tenantDatabaseName(tenant);
  const server = adminConfig(await serverOf({ serverId: tenant.serverId ?? null }));
  const own = tenant.id && tenant.credentialSlot ? await activeCredentials(tenant.id, tenant.credentialSlot) : null;
  const pool = mariadb.createPool({
    ...server,
    ...(own && { user: own.username, password: own.password }),
    database,
    connectionLimit: config.TENANT_POOL_SIZE,
    minimumIdle: 1, // 0 makes mariadb 3.4.5 never open a connection
    idleTimeout: config.TENANT_CLIENT_IDLE_SECONDS,
    acquireTimeout: 20_000,
    connectTimeout: 5000,
    prepareCacheLength: 0,
  });
  const adapter = new PrismaMariaDb(pool, { database, disposeExternalPool: false }).connect();
  adapter.catch(() => undefined);
  return { pool, adapter };
}

/** The tenant's pool (opened, or opened again after the cache closed it). */
function poolEntry(tenant: TenantDatabaseRef): Promise<PoolEntry> {
  const s = state();
  const key = connectionKey(tenant);
  let entry = s.pools.get(key);
  if (!entry) {
    const opening = openPool(tenant);
    opening.then(
      (e) => {
        if (s.pools.get(key) === opening) s.open.set(key, e);
      },
      () => s.pools.delete(key),
    );
    s.pools.set(key, opening);
    entry = opening;
  }
  return entry;
}

function openConnections(s: State): number {
  let total = 0;
  for (const entry of s.open.values()) total += entry.pool.totalConnections();
  return total;
}

function noteConnections(s: State): void {
  s.peakConnections = Math.max(s.peakConnections, openConnections(s));
}

/**
 * A Prisma driver adapter that takes the tenant's pool at every operation, so
 * the client can outlive its connections (closed by the pool cache) and open
 * them again when it is used.
 */
function routedAdapter(tenant: TenantDatabaseRef) {
  const s = state();
  const current = async () => {
    const adapter = await (await poolEntry(tenant)).adapter;
    noteConnections(s);
    return adapter;
  };
  return {
    provider: "mysql" as const,
    adapterName: "tenant-pool",
    async connect() {
      const first = await current();
      return {
        provider: "mysql" as const,
        adapterName: "tenant-pool",
        queryRaw: async (query: Parameters<Adapter["queryRaw"]>[0]) => (await current()).queryRaw(query),
        executeRaw: async (query: Parameters<Adapter["executeRaw"]>[0]) => (await current()).executeRaw(query),
        executeScript: async (script: string) => (await current()).executeScript(script),
        startTransaction: async (isolation?: Parameters<Adapter["startTransaction"]>[0]) =>
          (await current()).startTransaction(isolation),
        getConnectionInfo: () => first.getConnectionInfo(),
        dispose: async () => undefined, // the pool cache closes connections
      };
    },
  };
}

/** The Prisma client for one tenant's database, through the tenant's own credentials on its own server. */
export function tenantClient(tenant: TenantDatabaseRef): TenantClient {
  const { clients } = state();
  const key = connectionKey(tenant); // refuses a name that is not a tenant database
  let client = clients.get(key);
  if (!client) {
    client = new PrismaClient({ adapter: routedAdapter({ ...tenant }) as never });
    clients.set(key, client);
  }
  return client;
}

/** Runs `work` on one raw connection of the tenant's own pool (hot paths that skip Prisma). */
export async function withTenantConnection<T>(
  tenant: TenantDatabaseRef,
  work: (conn: mariadb.PoolConnection) => Promise<T>,
): Promise<T> {
  const { pool } = await poolEntry(tenant);
  const conn = await pool.getConnection();
  noteConnections(state());
  try {
    return await work(conn);
  } finally {
    await conn.release();
  }
}

/** Closes every client and pool of a database, e.g. before it is dropped or after it was switched away from. */
export function evictTenantClient(databaseName: string): void {
  const s = holder.tenantClients;
  if (!s) return;
  const matches = (key: string) => key.split("|")[2] === databaseName;
  for (const key of [...s.clients.keys()]) if (matches(key)) s.clients.delete(key);
  for (const key of [...s.pools.keys()]) if (matches(key)) s.pools.delete(key);
}

/** Whether this process holds a client of the database (a restore evicts the old one). */
export function hasTenantClient(databaseName: string): boolean {
  const s = holder.tenantClients;
  return s ? [...s.clients.keys()].some((key) => key.split("|")[2] === databaseName) : false;
}

export interface TenantCacheStats {
  clients: number;
  max: number;
  pools: number;
  poolLimit: number;
  connections: number;
  connectionCap: number;
  peakConnections: number;
}

export function tenantCacheStats(): TenantCacheStats {
  const s = state();
  const connections = openConnections(s);
  s.peakConnections = Math.max(s.peakConnections, connections);
  return {
    clients: s.clients.size,
    max: s.clients.max,
    pools: s.pools.size,
    poolLimit: env().TENANT_POOL_SIZE,
    connections,
    connectionCap: env().TENANT_CONNECTION_CAP,
    peakConnections: s.peakConnections,
  };
}

/** Closes every tenant client and pool. */
export async function closeTenantClients(): Promise<void> {
  const s = holder.tenantClients;
  if (!s) return;
  holder.tenantClients = undefined;
  s.clients.clear();
  s.pools.clear();
  s.open.clear();
  await Promise.all(s.closing);
}
