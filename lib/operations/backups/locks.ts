// One backup, verification, restore, deletion or purge of a tenant at a time:
// each holds the tenant's operation lock, a MariaDB named lock (GET_LOCK) on a
// landlord connection of its own for as long as it works. The lock goes with
// the connection, so a process killed half way frees it at once, and "is this
// `running` backup (or scratch database, or restore hold) still someone's?"
// has a sure answer: only while its tenant's lock is held.
import "server-only";
import { createHash } from "node:crypto";
import type { Connection } from "mariadb";
import { connect, landlordDatabase } from "../../db/server";
import { AppError } from "../../errors";

function hashed(prefix: string, key: string): string {
  return `${prefix}:${createHash("sha1").update(key).digest("hex")}`; // GET_LOCK names are at most 64 characters
}

/** The operation lock of a tenant. */
export function tenantLock(tenantId: string): string {
  return hashed("tenant-op", tenantId);
}

/** The operation lock of the landlord database's own backups. */
export function landlordLock(): string {
  return hashed("landlord-op", landlordDatabase().database);
}

async function lockConnection(): Promise<Connection> {
  const conn = await connect(landlordDatabase());
  conn.on("error", () => undefined); // a connection killed from the server side: the work's own queries notice
  return conn;
}

/**
 * Runs `work` holding `lock`; refuses at once (CONFLICT) when another process
 * or another operation in this one holds it.
 */
export async function withOperationLock<T>(lock: string, what: string, work: () => Promise<T>): Promise<T> {
  const conn = await lockConnection();
  try {
    const [row] = await conn.query("SELECT GET_LOCK(?, 0) AS got", [lock]);
    if (Number(row?.got) !== 1) {
      throw new AppError(
        "CONFLICT",
        `${what}: another backup, restore or deletion of it is running; try again when it ends.`,
      );
    }
    try {
      return await work();
    } finally {
      await conn.query("SELECT RELEASE_LOCK(?)", [lock]).catch(() => undefined);
    }
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}

/** Whether anyone holds the lock now. */
export async function lockHeld(lock: string): Promise<boolean> {
  const conn = await lockConnection();
  try {
    const [row] = await conn.query("SELECT IS_USED_LOCK(?) AS holder", [lock]);
    return row?.holder !== null && row?.holder !== undefined;
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}
