// `tenants purge [--dry-run] [--release-slug]`: the second step of deletion.
// For every tenant deleted longer ago than its grace period: its databases
// are dropped (the current one, kept `previous` ones, the `source` of a move)
// and its database users, each on the server the catalog records it on (its
// own server's database and users even if the catalog lost them); its final
// backup stays (retention keeps each tenant's newest backups), its sealed
// database passwords go, and the deletion is marked purged. Every server
// involved must answer before anything is dropped. The slug stays held by the
// tenant row unless --release-slug is given: then the row goes and its
// application is closed. Each step is safe to repeat: a purge that stopped
// half way finishes on the next run, and a second run finds nothing to do.
import "server-only";
import { forgetDatabase } from "../db/catalog";
import { landlord } from "../db/landlord";
import { withServerConnection } from "../db/server";
import { adminConfigByLabel, listRegisteredServers, serverLabel, serverOf } from "../db/servers";
import { dropDatabaseUser } from "../db/tenant-credentials";
import { tenantDatabaseName } from "../db/tenant-database";
import { AppError, describeError } from "../errors";
import type { TenantDeletion } from "../generated/landlord/client";
import { transitionApplication } from "../platform/applications/status";
import { type Actor, audit } from "../platform/audit";
import { tenantLock, withOperationLock } from "./backups/locks";
import { dropCatalogued } from "./backups/scratch";
import { fleetServers } from "./fleet-servers";

export interface PurgeOptions {
  actor: Actor;
  dryRun?: boolean;
  releaseSlug?: boolean;
  now?: Date;
}

/** What purge drops on one server. */
export interface PurgeOnServer {
  /** The server's name (its host:port when it is not registered). */
  server: string;
  /** host:port, as the catalog names it. */
  label: string;
  databases: string[];
  users: string[];
}

export interface PurgeEntry {
  slug: string;
  outcome: "purged" | "would-purge" | "slug-released" | "failed";
  /** Every database's name, on whichever server. */
  databases: string[];
  /** Every database user's name, on whichever server. */
  users: string[];
  servers: PurgeOnServer[];
  backupId: string;
  purgeAfter: Date;
  slugReleased: boolean;
  reason?: string;
}

/** Deletions that purge has to finish: due ones not yet purged, and (with --release-slug) purged ones still holding their slug. */
function pending(now: Date, releaseSlug: boolean) {
  return landlord().tenantDeletion.findMany({
    where: {
      undeletedAt: null,
      OR: [
        { purgedAt: null, purgeAfter: { lte: now } },
        { purgedAt: null, purgeStartedAt: { not: null } },
        ...(releaseSlug ? [{ purgedAt: { not: null }, slugReleasedAt: null, tenantId: { not: null } }] : []),
      ],
    },
    orderBy: { purgeAfter: "asc" },
  });
}

/** The tenant's databases and users, by server: what the catalog records, and its own on its server. */
async function whatGoes(deletion: TenantDeletion): Promise<PurgeOnServer[]> {
  if (!deletion.tenantId) return [];
  const tenant = await landlord().tenant.findUnique({
    where: { id: deletion.tenantId },
    include: { credentials: { select: { username: true } } },
  });
  const found: { label: string; kind: "database" | "user"; name: string }[] = [];
  if (tenant) {
    const label = serverLabel(await serverOf(tenant));
    found.push({ label, kind: "database", name: tenantDatabaseName(tenant) });
    for (const c of tenant.credentials) found.push({ label, kind: "user", name: c.username });
  }
  const recorded = await landlord().databaseCatalogEntry.findMany({ where: { tenantId: deletion.tenantId } });
  for (const e of recorded) found.push({ label: e.server, kind: e.kind, name: e.name });

  const names = new Map((await listRegisteredServers()).map((s) => [serverLabel(s), s.name]));
  const byLabel = new Map<string, PurgeOnServer>();
  for (const item of found) {
    const place = byLabel.get(item.label) ?? {
      server: names.get(item.label) ?? item.label,
      label: item.label,
      databases: [],
      users: [],
    };
    const list = item.kind === "database" ? place.databases : place.users;
    if (!list.includes(item.name)) list.push(item.name);
    byLabel.set(item.label, place);
  }
  return [...byLabel.values()]
    .map((p) => ({ ...p, databases: p.databases.sort(), users: p.users.sort() }))
    .sort((a, b) => a.server.localeCompare(b.server));
}

function flat(places: PurgeOnServer[]) {
  return {
    databases: places.flatMap((p) => p.databases).sort(),
    users: places.flatMap((p) => p.users).sort(),
    servers: places,
  };
}

/** Refuses (before anything is dropped) when a server holding some of it is not registered or does not answer. */
async function checkServers(places: PurgeOnServer[]): Promise<void> {
  const registered = new Map((await listRegisteredServers()).map((s) => [serverLabel(s), s.id]));
  const missing = places.filter((p) => !registered.has(p.label));
  if (missing.length > 0) {
    throw new AppError("NOT_FOUND", `No registered database server ${missing.map((p) => p.label).join(", ")}.`);
  }
  const servers = await fleetServers(places.map((p) => registered.get(p.label) as number));
  const down = [...servers.values()].filter((s) => s.down);
  if (down.length > 0) {
    throw new AppError(
      "UNAVAILABLE",
      down.map((s) => `server ${s.name} (${s.label}) did not answer: ${s.down}`).join("; "),
    );
  }
}

/** Drops every database and user of `places`, each on its server, and their catalog records. */
async function dropAll(places: PurgeOnServer[]): Promise<void> {
  for (const place of places) {
    const config = await adminConfigByLabel(place.label);
    for (const name of place.databases) await dropCatalogued(config, name);
    if (place.users.length === 0) continue;
    await withServerConnection(config, async (conn) => {
      for (const user of place.users) await dropDatabaseUser(conn, user);
    });
    for (const user of place.users) await forgetDatabase(config, user);
  }
}

async function releaseSlug(deletion: TenantDeletion, actor: Actor): Promise<void> {
  const tenantId = deletion.tenantId;
  if (!tenantId) return;
  await landlord().$transaction(async (tx) => {
    const applications = await tx.tenantApplication.findMany({
      where: { tenantId, status: "provisioned" },
      select: { id: true },
    });
    for (const application of applications) {
      await transitionApplication(
        application.id,
        "closed",
        { failureReason: "The tenant was purged and its slug released." },
        tx,
      );
    }
    await tx.passwordSetupToken.deleteMany({ where: { tenantId } });
    await tx.tenantDeletion.update({ where: { id: deletion.id }, data: { slugReleasedAt: new Date() } });
    await tx.tenant.delete({ where: { id: tenantId } });
    await audit({ actor, action: "tenant.purged", tenantId, context: { slug: deletion.slug, slugReleased: true } }, tx);
  });
}

const NOTHING = { databases: [], users: [], servers: [] };

async function purgeOne(deletion: TenantDeletion, options: PurgeOptions): Promise<PurgeEntry> {
  const base = {
    slug: deletion.slug,
    backupId: deletion.backupId,
    purgeAfter: deletion.purgeAfter,
  };
  const release = Boolean(options.releaseSlug);
  if (options.dryRun) {
    return {
      ...base,
      outcome: "would-purge",
      ...(deletion.purgedAt ? NOTHING : flat(await whatGoes(deletion))),
      slugReleased: false,
    };
  }
  const tenantId = deletion.tenantId;
  if (!tenantId) return { ...base, outcome: "purged", ...NOTHING, slugReleased: true };
  return withOperationLock(tenantLock(tenantId), `Tenant ${deletion.slug}`, async () => {
    const fresh = await landlord().tenantDeletion.findUniqueOrThrow({ where: { id: deletion.id } });
    if (fresh.undeletedAt)
      return { ...base, outcome: "failed", ...NOTHING, slugReleased: false, reason: "it was undeleted meanwhile" };
    let dropped: PurgeOnServer[] = [];
    if (!fresh.purgedAt) {
      dropped = await whatGoes(fresh);
      await checkServers(dropped);
      await landlord().tenantDeletion.update({
        where: { id: fresh.id },
        data: { purgeStartedAt: fresh.purgeStartedAt ?? new Date() },
      });
      await dropAll(dropped);
      const { databases, users } = flat(dropped);
      await landlord().$transaction(async (tx) => {
        // Their users are gone: their sealed passwords have nothing left to open.
        await tx.tenantCredential.deleteMany({ where: { tenantId } });
        await tx.tenantDeletion.update({ where: { id: fresh.id }, data: { purgedAt: new Date() } });
        await audit(
          {
            actor: options.actor,
            action: "tenant.purged",
            tenantId,
            context: {
              slug: fresh.slug,
              databases,
              users,
              servers: dropped.map((p) => ({ server: p.server, databases: p.databases, users: p.users })),
              finalBackupId: fresh.backupId,
              deletedAt: fresh.deletedAt.toISOString(),
            },
          },
          tx,
        );
      });
    }
    if (release && !fresh.slugReleasedAt) await releaseSlug(fresh, options.actor);
    return {
      ...base,
      outcome: fresh.purgedAt ? "slug-released" : "purged",
      ...flat(dropped),
      slugReleased: release,
    };
  });
}

export async function purgeTenants(options: PurgeOptions): Promise<PurgeEntry[]> {
  const now = options.now ?? new Date();
  const deletions = await pending(now, Boolean(options.releaseSlug));
  const out: PurgeEntry[] = [];
  for (const deletion of deletions) {
    try {
      out.push(await purgeOne(deletion, options));
    } catch (error) {
      out.push({
        slug: deletion.slug,
        outcome: "failed",
        ...NOTHING,
        backupId: deletion.backupId,
        purgeAfter: deletion.purgeAfter,
        slugReleased: false,
        reason: describeError(error),
      });
    }
  }
  return out;
}
