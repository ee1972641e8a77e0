// `tenants move <slug> --to <server>`: moves a tenant's database to another
// server. A maintenance hold on the tenant (its pages answer 503, sign-in
// waits) and its database's migration lock are held throughout; the database
// is copied through the backup machinery (one consistent snapshot, streamed
// as SQL straight into the target, each table's rows hashed while read),
// verified table by table, its users and grants made on the target; then one
// landlord transaction switches the tenant (every portal process reconnects
// at its next request) and the hold is released. The source database is kept,
// catalogued `source`, until --drop-source or `tenants purge`.
// Killed at any point, the tenant is served from exactly one server with all
// its data (the switch is one update), and running the move again finishes
// it: the target copy is catalogued `scratch` until the switch, and is made anew.
import "server-only";
import { once } from "node:events";
import { PassThrough } from "node:stream";
import { recordDatabase, serverName, setDatabaseRole } from "../db/catalog";
import { dumpDatabase } from "../db/dump/dump-database";
import { loadSql } from "../db/dump/load-sql";
import { landlord } from "../db/landlord";
import { connect, createDatabase, dropDatabase, withServerConnection } from "../db/server";
import { adminConfig, type DatabaseServer, serverOf } from "../db/servers";
import { evictTenantClient } from "../db/tenant-clients";
import {
  credentialPasswordContext,
  dropDatabaseUser,
  ensureDatabaseUser,
  lockDatabaseUser,
  tenantUsername,
} from "../db/tenant-credentials";
import { tenantDatabaseName } from "../db/tenant-database";
import { AppError, describeError } from "../errors";
import { openText } from "../keyring";
import { type Actor, audit } from "../platform/audit";
import { normalizeSlug } from "../platform/slugs";
import { compareWithManifest } from "./backups/load-backup";
import { tenantLock, withOperationLock } from "./backups/locks";
import { holdingMigrationLock } from "./backups/migration-lock";
import { dropCatalogued } from "./backups/scratch";
import { placeHold, releaseHold } from "./maintenance";
import { findServer } from "./servers";

export interface MoveResult {
  slug: string;
  from: string;
  to: string;
  rows: number;
  /** How long the tenant was in maintenance. */
  unavailableMs: number;
  durationMs: number;
  sourceDropped: boolean;
}

export interface MoveOptions {
  reason?: string;
  dropSource?: boolean;
  /** For tests: a pause after every batch copied. */
  throttleMs?: number;
}

/** Streams `database` from one server into the same name on another, in one snapshot; returns its tables' summaries. */
async function copyDatabase(from: DatabaseServer, to: DatabaseServer, database: string, throttleMs?: number) {
  const pipe = new PassThrough({ highWaterMark: 4 * 1024 * 1024 });
  const source = await connect(adminConfig(from));
  const target = await connect(adminConfig(to), { database, multipleStatements: true });
  try {
    const dumping = dumpDatabase(
      source,
      database,
      async (chunk) => {
        if (!pipe.write(chunk)) await once(pipe, "drain");
      },
      { comments: [`move of ${database} from ${from.name} to ${to.name}`], throttleMs },
    ).then(
      (result) => {
        pipe.end();
        return result;
      },
      (error) => {
        pipe.destroy(error);
        throw error;
      },
    );
    const [dump] = await Promise.all([dumping, loadSql(target, pipe)]);
    return dump;
  } finally {
    await source.end().catch(() => source.destroy());
    await target.end().catch(() => target.destroy());
  }
}

export async function moveTenant(
  slugInput: string,
  toName: string,
  actor: Actor,
  options: MoveOptions = {},
): Promise<MoveResult> {
  const slug = normalizeSlug(slugInput);
  const tenant = await landlord().tenant.findUnique({ where: { slug } });
  if (!tenant) throw new AppError("NOT_FOUND", `No tenant ${slug}.`);
  const to = await findServer(toName);
  const from = await serverOf(tenant);
  if (from.id === to.id) throw new AppError("INVALID_STATE", `${slug} is on ${to.name} already.`);
  if (to.state !== "active")
    throw new AppError("INVALID_STATE", `Server ${to.name} is ${to.state}: it takes no tenants.`);
  const database = tenantDatabaseName(tenant);
  const started = Date.now();

  return withOperationLock(tenantLock(tenant.id), `Moving ${slug}`, async () => {
    // A hold left by a move that was killed is ours to replace (the lock says no move is running).
    await landlord().maintenanceHold.deleteMany({ where: { tenantId: tenant.id, kind: "move" } });
    const hold = await placeHold(
      {
        tenantId: tenant.id,
        kind: "move",
        owner: `move to ${to.name}`,
        message: "This space is moving to another server and will be back in a moment.",
      },
      actor,
    );
    const held = Date.now();
    let rows = 0;
    try {
      await holdingMigrationLock(adminConfig(from), database, async () => {
        const target = adminConfig(to);
        const createdBy = `move of ${slug} by ${actor.label ?? actor.type}`;
        await recordDatabase({ server: target, name: database, role: "scratch", tenantId: tenant.id, createdBy });
        await withServerConnection(target, async (conn) => {
          await dropDatabase(conn, database); // an earlier, unfinished copy
          await createDatabase(conn, database);
        });
        const dump = await copyDatabase(from, to, database, options.throttleMs);
        rows = dump.tables.reduce((n, t) => n + t.rows, 0);
        const problems = await compareWithManifest(target, database, {
          tables: dump.tables.map((t) => ({ ...t, sqlBytes: t.bytes })),
        });
        if (problems.length > 0)
          throw new AppError("INVALID_STATE", `The copy of ${database} differs: ${problems.join("; ")}`);
        // The tenant's users, with the same passwords, on the target; the idle one stays locked.
        const credentials = await landlord().tenantCredential.findMany({ where: { tenantId: tenant.id } });
        await withServerConnection(target, async (conn) => {
          for (const c of credentials) {
            await ensureDatabaseUser(
              conn,
              { username: c.username, password: openText(c.password, credentialPasswordContext(c.username)) },
              database,
            );
            if (c.slot !== tenant.credentialSlot) await lockDatabaseUser(conn, c.username);
          }
        });
        for (const c of credentials) {
          await recordDatabase({
            server: target,
            name: c.username,
            kind: "user",
            role: "current",
            tenantId: tenant.id,
            createdBy,
          });
        }
        // The switch: one transaction, so the tenant is served from exactly one server.
        await landlord().$transaction(async (tx) => {
          const moved = await tx.tenant.updateMany({
            where: { id: tenant.id, serverId: from.id, databaseName: database },
            data: { serverId: to.id, credentialVersion: { increment: 1 } },
          });
          if (moved.count !== 1) throw new AppError("CONFLICT", `${slug} changed meanwhile; run the move again.`);
          const source = adminConfig(from);
          await setDatabaseRole({ server: target, name: database, role: "current", tenantId: tenant.id }, tx);
          await setDatabaseRole({ server: source, name: database, role: "source", tenantId: tenant.id }, tx);
          for (const c of credentials) {
            await setDatabaseRole(
              { server: source, name: c.username, kind: "user", role: "source", tenantId: tenant.id },
              tx,
            );
          }
        });
      });
    } catch (error) {
      await audit({
        actor,
        action: "tenant.move_failed",
        tenantId: tenant.id,
        context: { slug, from: from.name, to: to.name, error: describeError(error).slice(0, 500) },
      });
      throw error;
    } finally {
      await releaseHold(hold.id, actor);
    }
    const unavailableMs = Date.now() - held;
    evictTenantClient(database);
    // No process may write to the old copy any more: a stale pool there is refused at its next connection.
    await withServerConnection(adminConfig(from), async (conn) => {
      for (const slot of ["a", "b"] as const) await lockDatabaseUser(conn, tenantUsername(tenant.id, slot));
    });
    let sourceDropped = false;
    if (options.dropSource) {
      await dropMovedSource(tenant.id, from, database);
      sourceDropped = true;
    }
    const result = {
      slug,
      from: from.name,
      to: to.name,
      rows,
      unavailableMs,
      durationMs: Date.now() - started,
      sourceDropped,
    };
    await audit({
      actor,
      action: "tenant.moved",
      tenantId: tenant.id,
      context: { ...result, reason: options.reason ?? null },
    });
    return result;
  });
}

/** Drops what a move left on the old server: the database and the tenant's users there. */
export async function dropMovedSource(tenantId: string, from: DatabaseServer, database: string): Promise<void> {
  const config = adminConfig(from);
  const users = (["a", "b"] as const).map((slot) => tenantUsername(tenantId, slot));
  await dropCatalogued(config, database);
  await withServerConnection(config, async (conn) => {
    for (const user of users) await dropDatabaseUser(conn, user);
  });
  await landlord().databaseCatalogEntry.deleteMany({ where: { server: serverName(config), name: { in: users } } });
}
