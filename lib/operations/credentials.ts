// Tenants' own database credentials, as the operator runs them:
//   - provision: tenants made before credentials existed get their user (slot
//     a) and switch to it; idempotent;
//   - reset: without downtime. MariaDB has no dual passwords, so the idle slot's
//     user gets a new password (created if it never existed), the tenant is
//     switched to it in one landlord update (every process reconnects at its
//     next request: the connection key changes), and then the previous user is
//     locked. Connections it already had finish their work; no new ones open.
import "server-only";
import { randomBytes } from "node:crypto";
import type { Connection } from "mariadb";
import { recordDatabase } from "../db/catalog";
import { landlord } from "../db/landlord";
import { withServerConnection } from "../db/server";
import { tenantAdminConfig } from "../db/servers";
import { evictTenantClient } from "../db/tenant-clients";
import {
  credentialPasswordContext,
  credentialRow,
  ensureDatabaseUser,
  lockDatabaseUser,
  otherSlot,
  revokeDatabaseUser,
  tenantUsername,
} from "../db/tenant-credentials";
import { tenantDatabaseName } from "../db/tenant-database";
import { AppError, describeError } from "../errors";
import type { Tenant } from "../generated/landlord/client";
import { seal } from "../keyring";
import { type Actor, audit } from "../platform/audit";
import { normalizeSlug } from "../platform/slugs";

export interface CredentialChange {
  slug: string;
  user: string;
  changed: boolean;
}

async function tenantBySlug(slug: string) {
  const tenant = await landlord().tenant.findUnique({ where: { slug: normalizeSlug(slug) } });
  if (!tenant || tenant.deletedAt) throw new AppError("NOT_FOUND", `No tenant ${slug}.`);
  return tenant;
}

/** Gives every tenant without credentials its own database user (or just `slug`'s). */
export async function provisionCredentials(actor: Actor, slug?: string): Promise<CredentialChange[]> {
  const tenants = slug
    ? [await tenantBySlug(slug)]
    : await landlord().tenant.findMany({
        where: { deletedAt: null, credentialSlot: null },
        orderBy: { createdAt: "asc" },
      });
  const changes: CredentialChange[] = [];
  for (const tenant of tenants) {
    const user = tenantUsername(tenant.id, tenant.credentialSlot ?? "a");
    if (tenant.credentialSlot) {
      changes.push({ slug: tenant.slug, user, changed: false });
      continue;
    }
    await giveOwnCredentials(tenant, actor, "credentials:provision");
    changes.push({ slug: tenant.slug, user, changed: true });
  }
  return changes;
}

/**
 * Gives a tenant without credentials its database user in slot a and switches
 * it to that user. Safe to run again (a crash midway is finished by a rerun).
 */
export async function giveOwnCredentials(tenant: Tenant, actor: Actor, by: string): Promise<void> {
  const server = await tenantAdminConfig(tenant);
  const database = tenantDatabaseName(tenant);
  const credentials = await credentialRow(tenant.id, "a");
  await recordDatabase({
    server,
    name: credentials.username,
    kind: "user",
    role: "current",
    tenantId: tenant.id,
    createdBy: `${by} by ${actor.label ?? actor.type}`,
  });
  await withServerConnection(server, (conn) => ensureDatabaseUser(conn, credentials, database));
  await landlord().tenant.updateMany({
    where: { id: tenant.id, credentialSlot: null },
    data: { credentialSlot: "a", credentialVersion: { increment: 1 } },
  });
  await audit({
    actor,
    action: "tenant.credentials_provisioned",
    tenantId: tenant.id,
    context: { slug: tenant.slug, user: credentials.username },
  });
}

/**
 * Gives the tenant's user in use its rights on `database` (a restore's or a
 * move's new database) before the tenant is switched to it, and, with `from`,
 * takes its rights on the database it leaves.
 */
export async function grantTenantUser(
  conn: Connection,
  tenant: Pick<Tenant, "id" | "credentialSlot">,
  database: string,
  from?: string,
): Promise<void> {
  if (!tenant.credentialSlot) return; // the tenant still connects as the server's admin
  const credentials = await credentialRow(tenant.id, tenant.credentialSlot);
  await ensureDatabaseUser(conn, credentials, database);
  if (from) await revokeDatabaseUser(conn, credentials.username, from);
}

/** A new password for a tenant's database credentials, switched to without downtime. */
export async function resetCredentials(slug: string, actor: Actor, reason?: string): Promise<CredentialChange> {
  const tenant = await tenantBySlug(slug);
  if (!tenant.credentialSlot) {
    throw new AppError(
      "INVALID_STATE",
      `${tenant.slug} has no database user of its own yet: run credentials:provision.`,
    );
  }
  const from = tenant.credentialSlot;
  const to = otherSlot(from);
  const server = await tenantAdminConfig(tenant);
  const database = tenantDatabaseName(tenant);
  const username = tenantUsername(tenant.id, to);
  const password = randomBytes(24).toString("base64url");
  await credentialRow(tenant.id, to); // made if it never existed
  await landlord().tenantCredential.update({
    where: { tenantId_slot: { tenantId: tenant.id, slot: to } },
    data: { password: seal(password, credentialPasswordContext(username)), rotatedAt: new Date() },
  });
  await recordDatabase({
    server,
    name: username,
    kind: "user",
    role: "current",
    tenantId: tenant.id,
    createdBy: `credentials:reset by ${actor.label ?? actor.type}`,
  });
  await withServerConnection(server, (conn) => ensureDatabaseUser(conn, { username, password }, database));
  const switched = await landlord().tenant.updateMany({
    where: { id: tenant.id, credentialSlot: from },
    data: { credentialSlot: to, credentialVersion: { increment: 1 } },
  });
  if (switched.count !== 1)
    throw new AppError("CONFLICT", `${tenant.slug}'s credentials changed meanwhile; run the reset again.`);
  evictTenantClient(database);
  await withServerConnection(server, (conn) => lockDatabaseUser(conn, tenantUsername(tenant.id, from)));
  await audit({
    actor,
    action: "tenant.credentials_reset",
    tenantId: tenant.id,
    context: { slug: tenant.slug, from: tenantUsername(tenant.id, from), to: username, reason: reason ?? null },
  });
  return { slug: tenant.slug, user: username, changed: true };
}

/** `credentials:reset --all`: every tenant with credentials of its own, one at a time; a failure is reported and the others go on. */
export async function resetAllCredentials(
  actor: Actor,
  options: {
    reason?: string;
    onStart?: (total: number) => void;
    onResult?: (slug: string, error?: unknown) => void;
  } = {},
): Promise<{ reset: CredentialChange[]; failed: { slug: string; reason: string }[] }> {
  const tenants = await landlord().tenant.findMany({
    where: { deletedAt: null, credentialSlot: { not: null } },
    select: { slug: true },
    orderBy: { createdAt: "asc" },
  });
  options.onStart?.(tenants.length);
  const reset: CredentialChange[] = [];
  const failed: { slug: string; reason: string }[] = [];
  for (const { slug } of tenants) {
    try {
      reset.push(await resetCredentials(slug, actor, options.reason));
      options.onResult?.(slug);
    } catch (error) {
      failed.push({ slug, reason: describeError(error) });
      options.onResult?.(slug, error);
    }
  }
  return { reset, failed };
}
