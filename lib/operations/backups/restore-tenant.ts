// `tenants restore <slug> [--backup ID|--file PATH] [--as NEW_SLUG] [--drop-previous]`:
//   1. the backup is opened and checked (manifest MAC, file SHA-256, its tenant,
//      a schema this code knows) before anything changes;
//   2. under the tenant's operation lock and its database's migration lock, with
//      a `restore` maintenance hold, it is loaded into a new database (catalogued
//      `scratch`), compared with the manifest table by table, and migrated forward;
//   3. one landlord transaction switches the tenant row to it (catalogued
//      `current`, the old one `previous`) and releases the hold.
// Every request reads the tenant row and picks its client by database name, so
// every portal process reaches the new database on its next request; this
// process also drops its client of the old one. Killed before step 3, nothing
// is switched: the next restore (or cleanup) removes the half-restored database
// and the stale hold. `--as` restores side by side under another slug, as an
// inactive tenant of its own (never active, never emailed).
import "server-only";
import { randomUUID } from "node:crypto";
import type { Connection } from "mariadb";
import { setDatabaseRole, tenantDatabases } from "../../db/catalog";
import { quoteIdentifier } from "../../db/identifiers";
import { landlord } from "../../db/landlord";
import { migrate, TENANT_MIGRATIONS } from "../../db/migrator";
import { type ServerConfig, withServerConnection } from "../../db/server";
import { adminConfigByLabel, tenantAdminConfig } from "../../db/servers";
import { evictTenantClient } from "../../db/tenant-clients";
import { tenantDatabaseName } from "../../db/tenant-database";
import { isUniqueViolation } from "../../db/unique-violation";
import { AppError } from "../../errors";
import type { Tenant } from "../../generated/landlord/client";
import { isSlugTaken } from "../../platform/applications/slug-availability";
import { type Actor, audit } from "../../platform/audit";
import { normalizeSlug, slugProblem } from "../../platform/slugs";
import { giveOwnCredentials, grantTenantUser } from "../credentials";
import { tenantMigrations } from "../fleet";
import { placeHold, releaseHold } from "../maintenance";
import { tenantBySlug } from "./backup-tenant";
import { dropPreviousDatabase } from "./drop-previous";
import { compareWithManifest, loadInto, type OpenedBackup } from "./load-backup";
import { type BackupChoice, locateBackup } from "./locate-backup";
import { tenantLock, withOperationLock } from "./locks";
import { holdingMigrationLock } from "./migration-lock";
import { settleInterrupted } from "./records";
import { dropCatalogued, recordScratch, scratchName } from "./scratch";

export interface RestoreOptions extends BackupChoice {
  actor: Actor;
  /** Restore side by side under this new slug instead of replacing the tenant's database. */
  as?: string;
  dropPrevious?: boolean;
  reason?: string;
  /** Another migrations folder (tests); the tenant migrations by default. */
  dir?: string;
}

export interface RestoreResult {
  slug: string;
  backupId: string;
  database: string;
  /** The database the tenant used before (kept, catalogued `previous`, unless dropped). */
  previous: string | null;
  droppedPrevious: boolean;
  migrated: string[];
  durationMs: number;
}

async function refuseNewerSchema(applied: string[], dir: string): Promise<void> {
  const known = new Set((await tenantMigrations(dir)).map((f) => f.name));
  const unknown = applied.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new AppError(
      "INVALID_STATE",
      `This backup comes from a newer schema than this portal knows (migration ${unknown.join(", ")}); upgrade the portal, then restore.`,
    );
  }
}

async function sideBySideSlug(input: string): Promise<string> {
  const slug = normalizeSlug(input);
  const problem = slugProblem(slug);
  if (problem) throw new AppError("INVALID_INPUT", `--as ${slug}: ${problem}`);
  if (await isSlugTaken(slug)) throw new AppError("CONFLICT", `The slug ${slug} is already taken.`);
  return slug;
}

/** Removes what an interrupted restore or verification of this tenant left (the caller holds its lock). */
async function clearInterrupted(tenant: Tenant, actor: Actor): Promise<void> {
  await settleInterrupted({ kind: "tenant", tenantId: tenant.id });
  const holds = await landlord().maintenanceHold.findMany({ where: { tenantId: tenant.id, kind: "restore" } });
  for (const hold of holds) await releaseHold(hold.id, actor);
  for (const scratch of await tenantDatabases(tenant.id, ["scratch"])) {
    await dropCatalogued(await adminConfigByLabel(scratch.server), scratch.name);
  }
}

/**
 * Sessions ended since the backup (sign-outs, password changes, a deletion)
 * must not come back with it: an in-place restore carries the current
 * database's revocations over, so whoever is still signed in stays so; a
 * copy under another slug starts with none.
 */
async function endSessions(conn: Connection, target: string, replacing?: string): Promise<void> {
  const into = `${quoteIdentifier(target)}.tenant_sessions`;
  if (!replacing) {
    await conn.query(`UPDATE ${into} SET revoked_at = NOW(3) WHERE revoked_at IS NULL`);
    return;
  }
  await conn.query(
    `UPDATE ${into} n LEFT JOIN ${quoteIdentifier(replacing)}.tenant_sessions o ON o.id = n.id
        SET n.revoked_at = COALESCE(o.revoked_at, NOW(3))
      WHERE n.revoked_at IS NULL AND (o.id IS NULL OR o.revoked_at IS NOT NULL)`,
  );
}

interface Build {
  opened: OpenedBackup;
  server: ServerConfig;
  target: string;
  tenantId: string;
  actor: Actor;
  dir: string;
  /** The database an in-place restore replaces (whose session revocations carry over). */
  replacing?: string;
}

/** The new database: catalogued, loaded, compared with the manifest, migrated forward. Dropped again on any failure. */
async function buildDatabase(b: Build): Promise<string[]> {
  const { server, target, opened } = b;
  await recordScratch(
    server,
    target,
    b.tenantId,
    `restore of backup ${opened.manifest.id} by ${b.actor.label ?? b.actor.type}`,
  );
  try {
    await loadInto(opened, server, target);
    const problems = await compareWithManifest(server, target, opened.manifest);
    if (problems.length > 0) {
      throw new AppError(
        "INVALID_INPUT",
        `The restored database does not match the backup (${problems.join("; ")}); nothing was switched.`,
      );
    }
    const applied = (await migrate({ server, database: target, dir: b.dir })).applied;
    await withServerConnection(server, (conn) => endSessions(conn, target, b.replacing));
    return applied;
  } catch (error) {
    await dropCatalogued(server, target).catch(() => undefined);
    throw error;
  }
}

export async function restoreTenant(slugInput: string, options: RestoreOptions): Promise<RestoreResult> {
  const started = Date.now();
  const dir = options.dir ?? TENANT_MIGRATIONS;
  const tenant = await tenantBySlug(slugInput);
  if (!options.as && tenant.deletedAt) {
    throw new AppError(
      "INVALID_STATE",
      `Tenant ${tenant.slug} is deleted: undelete it first, or restore a copy with --as.`,
    );
  }
  const newSlug = options.as ? await sideBySideSlug(options.as) : undefined;
  const { opened } = await locateBackup(tenant, options);
  await refuseNewerSchema(opened.manifest.migrations.applied, dir);
  const server = await tenantAdminConfig(tenant);
  const backupId = opened.manifest.id;
  const context = { backupId, file: opened.file, reason: options.reason ?? null };

  return withOperationLock(tenantLock(tenant.id), `Tenant ${tenant.slug}`, async () => {
    await clearInterrupted(tenant, options.actor);
    const target = scratchName(newSlug ?? tenant.slug, "r");
    const build = { opened, server, target, tenantId: tenant.id, actor: options.actor, dir };

    if (newSlug) {
      const migrated = await buildDatabase(build);
      const id = randomUUID();
      try {
        await landlord().$transaction(async (tx) => {
          await tx.tenant.create({
            data: {
              id,
              name: `${tenant.name} (restored copy)`,
              slug: newSlug,
              email: tenant.email,
              databaseName: target,
              status: "inactive",
              serverId: tenant.serverId,
            },
          });
          await setDatabaseRole({ server, name: target, role: "current", tenantId: id }, tx);
          const copy = { ...context, from: tenant.slug, sideBySide: true, database: target, migrated };
          await audit({ actor: options.actor, action: "tenant.restored", tenantId: id, context: copy }, tx);
        });
      } catch (error) {
        await dropCatalogued(server, target).catch(() => undefined);
        if (isUniqueViolation(error)) throw new AppError("CONFLICT", `The slug ${newSlug} is already taken.`);
        throw error;
      }
      // The copy signs in as a database user of its own, like every tenant.
      await giveOwnCredentials(
        await landlord().tenant.findUniqueOrThrow({ where: { id } }),
        options.actor,
        `restore of backup ${backupId}`,
      );
      return {
        slug: newSlug,
        backupId,
        database: target,
        previous: null,
        droppedPrevious: false,
        migrated,
        durationMs: Date.now() - started,
      };
    }

    const current = await landlord().tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    const old = tenantDatabaseName(current);
    const migrated = await holdingMigrationLock(server, old, async () => {
      const owner = `restore of backup ${backupId} into ${target}`;
      const hold = await placeHold(
        { tenantId: tenant.id, kind: "restore", owner, message: "Restoring from a backup." },
        options.actor,
      );
      let switched = false;
      try {
        const applied = await buildDatabase({ ...build, replacing: old });
        await withServerConnection(server, (conn) => grantTenantUser(conn, current, target));
        await landlord().$transaction(async (tx) => {
          const moved = await tx.tenant.updateMany({
            where: { id: tenant.id, databaseName: old },
            data: { databaseName: target },
          });
          if (moved.count !== 1)
            throw new AppError(
              "CONFLICT",
              `Tenant ${tenant.slug} changed its database meanwhile; nothing was switched.`,
            );
          await setDatabaseRole({ server, name: old, role: "previous", tenantId: tenant.id }, tx);
          await setDatabaseRole({ server, name: target, role: "current", tenantId: tenant.id }, tx);
          await releaseHold(hold.id, options.actor, tx);
          const detail = { ...context, slug: tenant.slug, database: target, previous: old, migrated: applied };
          await audit({ actor: options.actor, action: "tenant.restored", tenantId: tenant.id, context: detail }, tx);
        });
        switched = true;
        return applied;
      } finally {
        if (!switched) {
          await dropCatalogued(server, target).catch(() => undefined);
          await releaseHold(hold.id, options.actor).catch(() => undefined);
        }
      }
    });
    evictTenantClient(old);
    await withServerConnection(server, (conn) => grantTenantUser(conn, current, target, old));
    if (options.dropPrevious) await dropPreviousDatabase(tenant, old, options.actor);
    return {
      slug: tenant.slug,
      backupId,
      database: target,
      previous: old,
      droppedPrevious: Boolean(options.dropPrevious),
      migrated,
      durationMs: Date.now() - started,
    };
  });
}
