// Tenant databases are reached through this one cache. Each tenant reaches
// its database on its own server through a pool of its own, signed in as its
// own database user (lib/db/tenant-credentials.ts), so a bug in one tenant's
// page cannot read another tenant's data: the server refuses it.
//
// Two bounded caches:
//   - pools (connections), lib/db/tenant-pools.ts: a hard ceiling of
//     TENANT_CONNECTION_CAP connections in the process, TENANT_POOL_SIZE per
//     tenant, the least recently used idle pool closed first;
//   - Prisma clients (query compiler and plans): TENANT_CLIENT_CACHE_SIZE of
//     them. A client does not own connections: each query leases its tenant's
//     pool (opening it again if it was closed), so the expensive part stays
//     warm while connections stay bounded.
// Both are keyed by tenant, server, database and credential version
// (connectionKey): a move, a restore or a credentials reset seen on the
// tenant's row at the next request opens new connections in every process.
import "server-only";
import { PrismaMariaDb } from "@prisma/adapter-mariadb";
import { LRUCache } from "lru-cache";
import type { Pool, PoolConnection } from "mariadb";
import { env } from "../env";
import { PrismaClient } from "../generated/tenant/client";
import type { LazyPool } from "./lazy-pool";
import { connectionKey, type TenantConnectionRef } from "./tenant-database";
import { closeTenantPools, hasPool, leasePool, poolStats, releasePool, retirePools, withPool } from "./tenant-pools";

export type TenantClient = PrismaClient;

type Adapter = Awaited<ReturnType<PrismaMariaDb["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

interface State {
  clients: LRUCache<string, PrismaClient>;
  /** Clients the cache let go, disconnected after a grace period. */
  retiring: Map<PrismaClient, NodeJS.Timeout>;
}

// A client let go may still be inside a transaction (its connection is leased
// from the pool, not the client's); it is disconnected once any transaction
// it runs must have ended (Prisma's own limit is 5 s by default).
const RETIRE_AFTER_MS = 60_000;

const holder = globalThis as unknown as { tenantClients?: State };
// One Prisma adapter per pool, made on first use.
const adapters = new WeakMap<LazyPool, Promise<Adapter>>();

function state(): State {
  if (holder.tenantClients) return holder.tenantClients;
  const retiring = new Map<PrismaClient, NodeJS.Timeout>();
  const s: State = {
    retiring,
    clients: new LRUCache<string, PrismaClient>({
      max: env().TENANT_CLIENT_CACHE_SIZE,
      ttl: env().TENANT_CLIENT_IDLE_SECONDS * 1000,
      updateAgeOnGet: true,
      ttlAutopurge: true,
      dispose: (client) => {
        const timer = setTimeout(() => {
          retiring.delete(client);
          void client.$disconnect().catch(() => undefined);
        }, RETIRE_AFTER_MS);
        timer.unref();
        retiring.set(client, timer);
      },
    }),
  };
  holder.tenantClients = s;
  return s;
}

function adapterOf(pool: LazyPool, database: string): Promise<Adapter> {
  let adapter = adapters.get(pool);
  if (!adapter) {
    // The adapter uses only the part of a driver pool that LazyPool offers.
    adapter = new PrismaMariaDb(pool as unknown as Pool, { database, disposeExternalPool: false }).connect();
    adapters.set(pool, adapter);
  }
  return adapter;
}

/** Runs one adapter call holding a lease on the tenant's pool. */
async function leased<T>(tenant: TenantConnectionRef, work: (adapter: Adapter) => Promise<T>): Promise<T> {
  return withPool(tenant, async (pool) => work(await adapterOf(pool, tenant.databaseName)));
}

/** A transaction keeps its lease (and its connection) until it commits or rolls back. */
async function leasedTransaction(
  tenant: TenantConnectionRef,
  isolation?: Parameters<Adapter["startTransaction"]>[0],
): Promise<Transaction> {
  const entry = await leasePool(tenant);
  let tx: Transaction;
  try {
    tx = await (await adapterOf(entry.pool as LazyPool, tenant.databaseName)).startTransaction(isolation);
  } catch (error) {
    releasePool(entry);
    throw error;
  }
  let released = false;
  const release = () => {
    if (!released) releasePool(entry);
    released = true;
  };
  return Object.assign(Object.create(tx) as Transaction, {
    commit: () => tx.commit().finally(release),
    rollback: () => tx.rollback().finally(release),
  });
}

/**
 * A Prisma driver adapter that leases the tenant's pool at every operation,
 * so the client can outlive its connections (closed by the pool cache) and
 * open them again when it is used.
 */
function routedAdapter(tenant: TenantConnectionRef) {
  return {
    provider: "mysql" as const,
    adapterName: "tenant-pool",
    async connect() {
      const info = await leased(tenant, async (adapter) => adapter.getConnectionInfo?.());
      return {
        provider: "mysql" as const,
        adapterName: "tenant-pool",
        queryRaw: (query: Parameters<Adapter["queryRaw"]>[0]) => leased(tenant, (a) => a.queryRaw(query)),
        executeRaw: (query: Parameters<Adapter["executeRaw"]>[0]) => leased(tenant, (a) => a.executeRaw(query)),
        executeScript: (script: string) => leased(tenant, (a) => a.executeScript(script)),
        startTransaction: (isolation?: Parameters<Adapter["startTransaction"]>[0]) =>
          leasedTransaction(tenant, isolation),
        getConnectionInfo: () => info,
        dispose: async () => undefined, // the pool cache closes connections
      };
    },
  };
}

/** The Prisma client for one tenant's database, through the tenant's own credentials on its own server. */
export function tenantClient(tenant: TenantConnectionRef): TenantClient {
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
export function withTenantConnection<T>(
  tenant: TenantConnectionRef,
  work: (conn: PoolConnection) => Promise<T>,
): Promise<T> {
  return withPool(tenant, async (pool) => {
    const conn = await pool.getConnection();
    try {
      return await work(conn);
    } finally {
      await conn.release();
    }
  });
}

/** Runs `work` in one transaction on a raw connection of the tenant's own pool: committed if it returns, rolled back if it throws. */
export function withTenantTransaction<T>(
  tenant: TenantConnectionRef,
  work: (conn: PoolConnection) => Promise<T>,
): Promise<T> {
  return withTenantConnection(tenant, async (conn) => {
    await conn.beginTransaction();
    try {
      const result = await work(conn);
      await conn.commit();
      return result;
    } catch (error) {
      await conn.rollback().catch(() => undefined);
      throw error;
    }
  });
}

/** Closes every client and pool of a database, e.g. before it is dropped or after it was switched away from. */
export function evictTenantClient(databaseName: string): void {
  retirePools(databaseName);
  const s = holder.tenantClients;
  if (!s) return;
  for (const key of [...s.clients.keys()]) if (key.split("|")[2] === databaseName) s.clients.delete(key);
}

/** Whether this process holds a client or a pool of the database (a restore evicts the old one). */
export function hasTenantClient(databaseName: string): boolean {
  const s = holder.tenantClients;
  const client = s ? [...s.clients.keys()].some((key) => key.split("|")[2] === databaseName) : false;
  return client || hasPool(databaseName);
}

export interface TenantCacheStats {
  clients: number;
  max: number;
  pools: number;
  /** Pools let go that still finish their work or close. */
  retiring: number;
  poolLimit: number;
  connections: number;
  connectionCap: number;
  peakConnections: number;
  /** Requests waiting for a pool place (every place busy). */
  waiting: number;
}

export function tenantCacheStats(): TenantCacheStats {
  const s = state();
  const p = poolStats();
  return {
    clients: s.clients.size,
    max: s.clients.max,
    pools: p.pools,
    retiring: p.retiring,
    poolLimit: env().TENANT_POOL_SIZE,
    connections: p.connections,
    connectionCap: env().TENANT_CONNECTION_CAP,
    peakConnections: p.peakConnections,
    waiting: p.waiting,
  };
}

/** Closes every tenant client and pool. */
export async function closeTenantClients(): Promise<void> {
  const s = holder.tenantClients;
  holder.tenantClients = undefined;
  s?.clients.clear();
  const retiring = [...(s?.retiring ?? [])];
  for (const [, timer] of retiring) clearTimeout(timer);
  await Promise.all([...retiring.map(([client]) => client.$disconnect().catch(() => undefined)), closeTenantPools()]);
}
