// Everything the console's page of one tenant shows: its application and
// provisioning runs, database (from its snapshot, with the migration names
// read from its own `_prisma_migrations`), maintenance holds, admins, recent
// sign-ins, emails, backups (and whether one is running), its deletion and a
// page of its audit trail. No information_schema: the figures that need it
// come from the snapshot.
import "server-only";
import { quoteIdentifier } from "../db/identifiers";
import { landlord } from "../db/landlord";
import {
  type MigrationRecord,
  type MigrationStatus,
  readMigrations,
  statusOf,
  TENANT_MIGRATIONS,
} from "../db/migrator";
import { withServerConnection } from "../db/server";
import { tenantAdminConfig } from "../db/servers";
import { tenantClient } from "../db/tenant-clients";
import { type TenantConnectionRef, tenantDatabaseName } from "../db/tenant-database";
import { describeError } from "../errors";
import type { AuditLog, Tenant, TenantDeletion } from "../generated/landlord/client";
import { normalizeSlug, slugProblem } from "../platform/slugs";
import { provisioningTimeline, type TimelineRun } from "../provisioning/timeline";
import { type BackupListing, listOwnerBackups, ownerBusy } from "./backups/records";
import { activeHolds, type MaintenanceHold } from "./maintenance";
import { type SnapshotView, snapshotView } from "./tenant-rows";
import { type TenantServerView, tenantServerView } from "./tenant-server";

export const AUDIT_PAGE_SIZE = 50;
const SIGN_IN_ACTIONS = ["auth.signed_in", "auth.signin_failed"];

export interface TenantAdmin {
  email: string;
  name: string;
}

export interface AuditPage {
  entries: AuditLog[];
  /** The cursor of the next (older) page; null on the last one. */
  olderThan: string | null;
}

/** Read or not: a part of the page whose source may be down shows its error instead of failing the page. */
export type Readout<T> = { ok: true; value: T } | { ok: false; error: string };

async function readout<T>(work: () => Promise<T>): Promise<Readout<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

/** A page of the tenant's audit trail, newest first, older than the entry `olderThan` (keyset paging). */
export async function tenantAuditPage(tenantId: string, olderThan?: string): Promise<AuditPage> {
  const cursor = olderThan && /^\d{1,20}$/.test(olderThan) ? BigInt(olderThan) : undefined;
  const rows = await landlord().auditLog.findMany({
    where: { tenantId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: AUDIT_PAGE_SIZE + 1,
    ...(cursor === undefined ? {} : { cursor: { id: cursor }, skip: 1 }),
  });
  const entries = rows.slice(0, AUDIT_PAGE_SIZE);
  return { entries, olderThan: rows.length > AUDIT_PAGE_SIZE ? (entries.at(-1)?.id.toString() ?? null) : null };
}

/** The tenant's active admins, from its own database (whom a setup link can be reissued to). */
export async function activeAdmins(tenant: TenantConnectionRef): Promise<TenantAdmin[]> {
  const admins = await tenantClient(tenant).tenantUser.findMany({
    where: { status: "active", deletedAt: null, roles: { some: { role: { name: "tenant_admin" } } } },
    select: { email: true, firstName: true, lastName: true },
    orderBy: { id: "asc" },
  });
  return admins.map((a) => ({ email: a.email, name: `${a.firstName} ${a.lastName}`.trim() }));
}

/** Applied and pending migration names, from the tenant's own history table. */
async function migrationNames(tenant: Tenant, database: string): Promise<MigrationStatus> {
  const files = await readMigrations(TENANT_MIGRATIONS);
  const records = await withServerConnection(await tenantAdminConfig(tenant), (conn) =>
    conn.query(
      `SELECT id, migration_name, checksum, finished_at, rolled_back_at, logs FROM ${quoteIdentifier(database)}._prisma_migrations ORDER BY started_at, migration_name`,
    ),
  );
  return statusOf(files, records as MigrationRecord[]);
}

export interface TenantDetail {
  tenant: Tenant;
  database: string;
  snapshot: SnapshotView | null;
  holds: MaintenanceHold[];
  applications: { id: string; reference: string; organizationName: string; status: string; createdAt: Date }[];
  runs: TimelineRun[];
  migrations: Readout<MigrationStatus>;
  admins: Readout<TenantAdmin[]>;
  signIns: AuditLog[];
  emails: { id: string; template: string; subject: string; toAddress: string; status: string; createdAt: Date }[];
  backups: Readout<BackupListing[]>;
  /** A backup, verification, restore or deletion of it is running right now (its operation lock is held). */
  busy: boolean;
  /** Its deletion while it is deleted: when, by whom, why, and from when purge may drop it. */
  deletion: TenantDeletion | null;
  audit: AuditPage;
  /** Its database server and the database user it connects as. */
  server: Readout<TenantServerView>;
}

export async function getTenantDetail(
  slugInput: string,
  options: { olderThan?: string } = {},
): Promise<TenantDetail | null> {
  if (typeof slugInput !== "string") return null;
  const slug = normalizeSlug(slugInput);
  if (slugProblem(slug)) return null;
  const db = landlord();
  const tenant = await db.tenant.findUnique({
    where: { slug },
    include: {
      snapshot: true,
      applications: {
        select: { id: true, reference: true, organizationName: true, status: true, createdAt: true },
        orderBy: { createdAt: "desc" },
      },
    },
  });
  if (!tenant) return null;
  const { snapshot, applications, ...row } = tenant;
  const database = tenantDatabaseName(row);
  const [holds, runs, migrations, admins, signIns, emails, backups, busy, deletion, audit, server] = await Promise.all([
    activeHolds(row.id),
    applications[0] ? provisioningTimeline(applications[0].id) : Promise.resolve([]),
    readout(() => migrationNames(tenant, database)),
    // A suspended or deleted tenant gets no new link: there is no one to offer.
    row.status === "active" && !row.deletedAt
      ? readout(() => activeAdmins(row))
      : Promise.resolve({ ok: true as const, value: [] }),
    db.auditLog.findMany({
      where: { tenantId: row.id, action: { in: SIGN_IN_ACTIONS } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 20,
    }),
    db.emailOutbox.findMany({
      where: { tenantId: row.id },
      orderBy: { createdAt: "desc" },
      take: 50,
      select: { id: true, template: true, subject: true, toAddress: true, status: true, createdAt: true },
    }),
    readout(() => listOwnerBackups({ kind: "tenant", tenantId: row.id })),
    ownerBusy({ kind: "tenant", tenantId: row.id }),
    row.deletedAt
      ? db.tenantDeletion.findFirst({
          where: { tenantId: row.id, undeletedAt: null, purgedAt: null },
          orderBy: { deletedAt: "desc" },
        })
      : Promise.resolve(null),
    tenantAuditPage(row.id, options.olderThan),
    readout(() => tenantServerView(row)),
  ]);
  return {
    tenant: row,
    database,
    snapshot: snapshotView(snapshot),
    holds,
    applications,
    runs,
    migrations,
    admins,
    signIns,
    emails,
    backups,
    busy,
    deletion,
    audit,
    server,
  };
}
