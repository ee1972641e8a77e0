// Tenant databases are reached through this one cache. Every tenant client
// shares a single connection pool to the tenant server and qualifies its
// tables with its own database name (`tenant_x`.`tenant_users`), so the number
// of server connections is capped by TENANT_POOL_SIZE however many tenants
// there are. The clients themselves (query compiler and all) are kept in a
// least-recently-used cache of TENANT_CLIENT_CACHE_SIZE; the oldest is closed
// first and one left idle for TENANT_CLIENT_IDLE_SECONDS is closed too.
import "server-only";
import { PrismaMariaDb } from "@prisma/adapter-mariadb";
import { LRUCache } from "lru-cache";
import mariadb, { type Pool } from "mariadb";
import { env } from "../env";
import { PrismaClient } from "../generated/tenant/client";
import { tenantServer } from "./server";
import { type TenantDatabaseRef, tenantDatabaseName } from "./tenant-database";

export type TenantClient = PrismaClient;

interface State {
  pool: Pool;
  clients: LRUCache<string, PrismaClient>;
  closing: Set<Promise<void>>;
}

const holder = globalThis as unknown as { tenantClients?: State };

function state(): State {
  if (holder.tenantClients) return holder.tenantClients;
  const config = env();
  const pool = mariadb.createPool({
    ...tenantServer(),
    connectionLimit: config.TENANT_POOL_SIZE,
    minimumIdle: 1, // 0 makes mariadb 3.4.5 never open a connection
    idleTimeout: config.TENANT_CLIENT_IDLE_SECONDS,
    acquireTimeout: 20_000,
    prepareCacheLength: 0,
  });
  const closing = new Set<Promise<void>>();
  const clients = new LRUCache<string, PrismaClient>({
    max: config.TENANT_CLIENT_CACHE_SIZE,
    ttl: config.TENANT_CLIENT_IDLE_SECONDS * 1000,
    updateAgeOnGet: true,
    ttlAutopurge: true,
    dispose: (client) => {
      // The shared pool stays open: a disconnecting client only drops its own state.
      const done = client.$disconnect().catch(() => undefined);
      closing.add(done);
      void done.finally(() => closing.delete(done));
    },
  });
  holder.tenantClients = { pool, clients, closing };
  return holder.tenantClients;
}

/** The Prisma client for one tenant's database (the name stored on its row). */
export function tenantClient(tenant: TenantDatabaseRef): TenantClient {
  const databaseName = tenantDatabaseName(tenant); // refuses anything that is not a tenant database
  const { pool, clients } = state();
  let client = clients.get(databaseName);
  if (!client) {
    client = new PrismaClient({
      adapter: new PrismaMariaDb(pool, { database: databaseName, disposeExternalPool: false }),
    });
    clients.set(databaseName, client);
  }
  return client;
}

/** Closes one tenant's client, e.g. before its database is dropped. */
export function evictTenantClient(databaseName: string): void {
  holder.tenantClients?.clients.delete(databaseName);
}

export function tenantCacheStats(): { clients: number; max: number; poolLimit: number; connections: number } {
  const s = state();
  return {
    clients: s.clients.size,
    max: s.clients.max,
    poolLimit: env().TENANT_POOL_SIZE,
    connections: s.pool.totalConnections(),
  };
}

/** Closes every tenant client and the shared pool. */
export async function closeTenantClients(): Promise<void> {
  const s = holder.tenantClients;
  if (!s) return;
  holder.tenantClients = undefined;
  s.clients.clear();
  await Promise.all(s.closing);
  await s.pool.end();
}
