// The tenants' connection pools, with a hard ceiling on connections across
// thousands of tenants: each tenant's pool holds at most TENANT_POOL_SIZE
// connections, and at most TENANT_CONNECTION_CAP / TENANT_POOL_SIZE pools are
// alive at once, counting pools that are still finishing their last query
// after being let go. So the connections a process opens never exceed the
// cap, whatever the traffic.
//
// Work leases a pool for its duration (one query, or a transaction), so a pool
// is never closed under a running query. To open a pool when all places are
// taken, the least recently used pool that nothing leases is closed; when
// every pool is leased, the opener waits its turn (first come, first served).
// Pools nothing has used for TENANT_CLIENT_IDLE_SECONDS close on their own.
// A pool opens a connection only when work needs one (lib/db/lazy-pool.ts),
// so a tenant seen once costs one sign-in to its server, not two.
import "server-only";
import { env } from "../env";
import { LazyPool } from "./lazy-pool";
import { adminConfig, serverOf } from "./servers";
import { activeCredentials } from "./tenant-credentials";
import { connectionKey, type TenantConnectionRef, tenantDatabaseName } from "./tenant-database";

export interface PoolEntry {
  key: string;
  database: string;
  /** Resolves once the pool is made (the credentials are read first). */
  ready: Promise<LazyPool>;
  pool?: LazyPool;
  leases: number;
  lastUsed: number;
  /** Let go by the cache: closes as its last lease ends. */
  retired: boolean;
}

interface Pools {
  /** Live entries by key, least recently used first. */
  byKey: Map<string, PoolEntry>;
  /** Retired entries still finishing work or closing. */
  retired: Set<PoolEntry>;
  waiters: (() => void)[];
  sweeper: NodeJS.Timeout;
  peakConnections: number;
}

const holder = globalThis as unknown as { tenantPools?: Pools };

function pools(): Pools {
  if (holder.tenantPools) return holder.tenantPools;
  const p: Pools = {
    byKey: new Map(),
    retired: new Set(),
    waiters: [],
    peakConnections: 0,
    sweeper: setInterval(() => sweepIdle(p), 1000),
  };
  p.sweeper.unref();
  holder.tenantPools = p;
  return p;
}

export function poolPlaces(): number {
  const config = env();
  return Math.max(1, Math.floor(config.TENANT_CONNECTION_CAP / config.TENANT_POOL_SIZE));
}

async function openPool(tenant: TenantConnectionRef): Promise<LazyPool> {
  const config = env();
  const server = adminConfig(await serverOf({ serverId: tenant.serverId }));
  const own = tenant.credentialSlot ? await activeCredentials(tenant.id, tenant.credentialSlot) : null;
  return new LazyPool(
    {
      ...server,
      ...(own && { user: own.username, password: own.password }),
      database: tenantDatabaseName(tenant),
      connectTimeout: 5000,
      prepareCacheLength: 0,
    },
    config.TENANT_POOL_SIZE,
  );
}

function wake(p: Pools): void {
  const next = p.waiters.shift();
  next?.();
}

/** Closes a retired entry once nothing leases it; its place frees when the pool has ended. */
function closeWhenFree(p: Pools, entry: PoolEntry): void {
  if (entry.leases > 0) return;
  const ended = entry.ready.then((pool) => pool.end()).catch(() => undefined);
  void ended.finally(() => {
    p.retired.delete(entry);
    wake(p);
  });
}

function retire(p: Pools, entry: PoolEntry): void {
  if (entry.retired) return;
  entry.retired = true;
  if (p.byKey.get(entry.key) === entry) p.byKey.delete(entry.key);
  p.retired.add(entry);
  closeWhenFree(p, entry);
}

function sweepIdle(p: Pools): void {
  const idleMs = env().TENANT_CLIENT_IDLE_SECONDS * 1000;
  const now = Date.now();
  for (const entry of [...p.byKey.values()]) {
    if (entry.leases === 0 && now - entry.lastUsed >= idleMs) retire(p, entry);
  }
}

/** Frees a place for a new pool: retires the least recently used idle pool, or waits for one to become idle. */
async function makeRoom(p: Pools): Promise<void> {
  while (p.byKey.size + p.retired.size >= poolPlaces()) {
    const idle = [...p.byKey.values()].find((e) => e.leases === 0);
    if (idle) retire(p, idle);
    await new Promise<void>((resolve) => p.waiters.push(resolve));
  }
}

/** Leases the tenant's pool (opening it when needed); call `release` when the work is done. */
export async function leasePool(tenant: TenantConnectionRef): Promise<PoolEntry> {
  const p = pools();
  const key = connectionKey(tenant); // refuses a name that is not a tenant database
  for (;;) {
    const found = p.byKey.get(key);
    if (found) {
      found.leases++;
      found.lastUsed = Date.now();
      p.byKey.delete(key); // re-inserted last: the most recently used
      p.byKey.set(key, found);
      try {
        found.pool = await found.ready;
      } catch (error) {
        releasePool(found);
        throw error;
      }
      return found;
    }
    if (p.byKey.size + p.retired.size >= poolPlaces()) {
      await makeRoom(p);
      continue; // another opener may have made this tenant's pool meanwhile
    }
    const entry: PoolEntry = {
      key,
      database: tenantDatabaseName(tenant),
      ready: openPool(tenant),
      leases: 0,
      lastUsed: Date.now(),
      retired: false,
    };
    entry.ready.catch(() => retire(p, entry));
    p.byKey.set(key, entry);
  }
}

export function releasePool(entry: PoolEntry): void {
  const p = pools();
  entry.leases--;
  entry.lastUsed = Date.now();
  if (entry.retired) closeWhenFree(p, entry);
  else if (entry.leases === 0) wake(p);
  noteConnections(p);
}

/** Runs `work` holding a lease on the tenant's pool. */
export async function withPool<T>(tenant: TenantConnectionRef, work: (pool: LazyPool) => Promise<T>): Promise<T> {
  const entry = await leasePool(tenant);
  try {
    return await work(entry.pool as LazyPool);
  } finally {
    releasePool(entry);
  }
}

/** Closes the pools of a database (dropped, or switched away from); work running on them finishes first. */
export function retirePools(databaseName: string): void {
  const p = holder.tenantPools;
  if (!p) return;
  for (const entry of [...p.byKey.values()]) if (entry.database === databaseName) retire(p, entry);
}

export function hasPool(databaseName: string): boolean {
  const p = holder.tenantPools;
  return p ? [...p.byKey.values()].some((e) => e.database === databaseName) : false;
}

function openConnections(p: Pools): number {
  let total = 0;
  for (const entry of [...p.byKey.values(), ...p.retired]) total += entry.pool?.totalConnections() ?? 0;
  return total;
}

function noteConnections(p: Pools): void {
  p.peakConnections = Math.max(p.peakConnections, openConnections(p));
}

export function poolStats() {
  const p = pools();
  noteConnections(p);
  return {
    pools: p.byKey.size,
    retiring: p.retired.size,
    places: poolPlaces(),
    connections: openConnections(p),
    peakConnections: p.peakConnections,
    waiting: p.waiters.length,
  };
}

/** Closes every pool (shutdown, tests). */
export async function closeTenantPools(): Promise<void> {
  const p = holder.tenantPools;
  if (!p) return;
  holder.tenantPools = undefined;
  clearInterval(p.sweeper);
  const all = [...p.byKey.values(), ...p.retired];
  await Promise.all(all.map((e) => e.ready.then((pool) => pool.end()).catch(() => undefined)));
  for (const wakeUp of p.waiters) wakeUp();
}
