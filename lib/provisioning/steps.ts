// The provisioning steps, written once. Both drivers (Inngest and inline) run
// exactly these, in this order. Every step is safe to run twice: it loads what
// it needs from the databases and finds its own earlier work before acting.
//
//   1. create-tenant-record   tenant row (UUID, next numeric id, database name), linked to the application
//   2. create-database        CREATE DATABASE tenant_{slug} (utf8mb4_unicode_ci)
//   3. run-migrations         the tenant migrations, by the one migration runner
//   4. seed-initial-admin     the contact as tenant admin, initial password, must change it
//   5. send-welcome-email     one-time setup token + the welcome email (idempotency key per tenant)
//   6. activate-tenant        its database and admin checked, tenant active, application provisioned
import "server-only";
import { randomUUID } from "node:crypto";
import { recordDatabase } from "../db/catalog";
import { quoteIdentifier } from "../db/identifiers";
import { landlord } from "../db/landlord";
import { migrate, TENANT_MIGRATIONS } from "../db/migrator";
import { createDatabase, dropDatabase, withServerConnection } from "../db/server";
import { tenantAdminConfig } from "../db/servers";
import { evictTenantClient } from "../db/tenant-clients";
import { credentialRow, ensureDatabaseUser } from "../db/tenant-credentials";
import { tenantDatabaseName } from "../db/tenant-database";
import { isUniqueViolation } from "../db/unique-violation";
import { AppError, isAppError } from "../errors";
import { deliverEmail } from "../mail/send";
import { hashPassword } from "../passwords";
import { transitionApplication } from "../platform/applications/status";
import { audit, SYSTEM } from "../platform/audit";
import { newDatabaseName } from "../platform/slugs";
import { type CredentialRecipient, storeCredentialEmail } from "../tenant-auth/credential-email";
import { initialPasswordExpiry } from "../tenant-auth/initial-password";
import { createInitialAdmin, findTenantUserId, replaceInitialPassword } from "./initial-admin";
import { initialPasswordHash, preparedInitialPassword } from "./initial-password";
import { placeTenant, unreachableServers } from "./placement";

export interface StepContext {
  applicationId: string;
  runId: string;
  /**
   * The application and its tenant as last read by a step of this run, in this
   * process. The inline driver keeps one context for a whole run and clears
   * this after any failure, so a retried step always reads afresh.
   */
  loaded?: Awaited<ReturnType<typeof loadTenantFresh>>;
  /**
   * Set by a driver that lets step records be written behind the next step:
   * the records of this run, written in order. Awaited before a failure is
   * recorded and before the run finishes.
   */
  journal?: Promise<void>;
}

export type StepName =
  | "create-tenant-record"
  | "create-database"
  | "run-migrations"
  | "seed-initial-admin"
  | "send-welcome-email"
  | "activate-tenant";

export interface ProvisioningStep {
  name: StepName;
  label: string;
  run: (ctx: StepContext) => Promise<unknown>;
}

async function loadApplication(applicationId: string) {
  const application = await landlord().tenantApplication.findUnique({
    where: { id: applicationId },
    include: { tenant: true },
  });
  if (!application) throw new AppError("NOT_FOUND", `Application ${applicationId} does not exist.`);
  return application;
}

async function loadTenantFresh(applicationId: string) {
  const application = await loadApplication(applicationId);
  if (!application.tenant) {
    throw new AppError("INVALID_STATE", "The application has no tenant record; step 1 must run first.");
  }
  return { application, tenant: application.tenant };
}

// Steps 2-6 need the same rows; once the tenant exists they do not change
// until the last step, so one read serves the rest of the run.
async function loadTenant(ctx: StepContext) {
  ctx.loaded ??= await loadTenantFresh(ctx.applicationId);
  return ctx.loaded;
}

async function createTenantRecord({ applicationId }: StepContext) {
  const application = await loadApplication(applicationId);
  if (application.tenant) return { tenantId: application.tenant.id };
  if (application.status !== "provisioning_started") {
    throw new AppError("INVALID_STATE", `The application is ${application.status}, not provisioning.`);
  }
  const slug = application.requestedSlug;
  const databaseName = newDatabaseName(slug);
  const id = randomUUID();
  // Probed before the transaction, so no server's lock waits on a server that does not answer.
  const unreachable = await unreachableServers();
  try {
    await landlord().$transaction(async (tx) => {
      const serverId = await placeTenant(tx, unreachable);
      await tx.tenant.create({
        data: { id, name: application.organizationName, slug, email: application.contactEmail, databaseName, serverId },
      });
      const linked = await tx.tenantApplication.updateMany({
        where: { id: applicationId, tenantId: null, status: "provisioning_started" },
        data: { tenantId: id },
      });
      if (linked.count !== 1) throw new AppError("CONFLICT", "Another run linked a tenant to this application first.");
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("CONFLICT", `The slug "${slug}" already belongs to another tenant.`);
    }
    throw error;
  }
  return { tenantId: id };
}

async function createTenantDatabase(ctx: StepContext) {
  const { tenant } = await loadTenant(ctx);
  const server = await tenantAdminConfig(tenant);
  const name = tenantDatabaseName(tenant);
  const createdBy = `provisioning run ${ctx.runId}`;
  // Recorded first (and idempotently): a crash between the two leaves a record, never an unknown database.
  await recordDatabase({ server, name, role: "current", tenantId: tenant.id, createdBy });
  const credentials = await credentialRow(tenant.id, "a");
  await recordDatabase({
    server,
    name: credentials.username,
    kind: "user",
    role: "current",
    tenantId: tenant.id,
    createdBy,
  });
  await withServerConnection(server, async (conn) => {
    await createDatabase(conn, name);
    await ensureDatabaseUser(conn, credentials, name);
  });
  // From now on the tenant's own user reaches its database; later steps read the row afresh.
  await landlord().tenant.updateMany({ where: { id: tenant.id, credentialSlot: null }, data: { credentialSlot: "a" } });
  ctx.loaded = undefined;
  return { database: tenant.databaseName, user: credentials.username };
}

async function runTenantMigrations(ctx: StepContext) {
  const { tenant } = await loadTenant(ctx);
  const server = await tenantAdminConfig(tenant);
  const database = tenantDatabaseName(tenant);
  // `create`: in the same round trip, the database again if it is gone (a
  // reset below cut off between its drop and its create), not "Unknown database" on every retry.
  const apply = async (conn: ServerConnection) =>
    (await migrate({ server, database, dir: TENANT_MIGRATIONS, conn, create: true })).applied;
  return withServerConnection(server, async (conn) => {
    try {
      return { applied: await apply(conn) };
    } catch (error) {
      const reason = isAppError(error, "MIGRATION") ? error.details?.reason : undefined;
      if ((reason !== "failed-earlier" && reason !== "changed") || (await holdsUsers(conn, database))) throw error;
      // An earlier attempt died inside a migration. The database is new and
      // holds nothing yet, so start it over rather than leave it half migrated.
      evictTenantClient(database);
      await dropDatabase(conn, database);
      await createDatabase(conn, database);
      return { applied: await apply(conn), reset: true };
    }
  });
}

type ServerConnection = Parameters<Parameters<typeof withServerConnection>[1]>[0];

// Only a database or table that is not there means "no users": any other
// error (a lost connection, a lock wait) must not let a reset drop a database.
async function holdsUsers(conn: ServerConnection, database: string) {
  const rows = await unlessMissing(conn.query(`SELECT COUNT(*) AS n FROM ${quoteIdentifier(database)}.tenant_users`));
  return Number(rows?.[0]?.n ?? 0) > 0;
}

/** The query's rows, or null when its database or table is not there (ER_BAD_DB_ERROR, ER_NO_SUCH_TABLE). */
async function unlessMissing<T>(query: Promise<T>): Promise<T | null> {
  try {
    return await query;
  } catch (error) {
    const errno = (error as { errno?: number }).errno;
    if (errno === 1049 || errno === 1146) return null;
    throw error;
  }
}

function welcomeRecipient(
  application: { contactEmail: string; contactFirstName: string; contactLastName: string },
  tenant: { id: string; name: string; slug: string },
): CredentialRecipient {
  const name = `${application.contactFirstName} ${application.contactLastName}`.trim();
  return { tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug }, email: application.contactEmail, name };
}

/** The welcome email's key; a new generation only after the provider refused the last one for good. */
export function welcomeEmailKey(tenantId: string, generation = 1): string {
  return `welcome:${tenantId}:${generation}`;
}

async function seedInitialAdmin(ctx: StepContext) {
  const { application, tenant } = await loadTenant(ctx);
  const email = application.contactEmail;
  const existing = await findTenantUserId(tenant, email);
  if (existing !== null) return { userId: existing.toString(), created: false };
  // The password is sealed into the pending welcome email first: if this step
  // dies after that, its retry (anywhere) finds the same password there.
  const { password } = await storeCredentialEmail(welcomeRecipient(application, tenant), welcomeEmailKey(tenant.id), {
    password: preparedInitialPassword(ctx.applicationId)?.password,
    applicationId: application.id,
  });
  if (!password) {
    throw new AppError("INVALID_STATE", "The welcome email went out before its admin existed; reissue the setup link.");
  }
  const userId = await createInitialAdmin(tenant, {
    email,
    firstName: application.contactFirstName,
    lastName: application.contactLastName,
    passwordHash: await initialPasswordHash(ctx.applicationId, password),
    passwordExpiresAt: initialPasswordExpiry(),
    tenantId: tenant.numericId,
    applicationId: application.id,
  });
  return { userId: userId.toString(), created: true };
}

async function sendWelcomeEmail(ctx: StepContext) {
  const { application, tenant } = await loadTenant(ctx);
  const latest = await landlord().emailOutbox.findFirst({
    where: { tenantId: tenant.id, idempotencyKey: { startsWith: `welcome:${tenant.id}:` } },
    orderBy: { createdAt: "desc" },
    select: { id: true, status: true, idempotencyKey: true },
  });
  if (!latest) throw new AppError("INVALID_STATE", "There is no welcome email yet; the admin must be seeded first.");
  if (latest.status !== "refused") {
    const sent = await deliverEmail(latest.id);
    return { emailId: sent.id, status: sent.status };
  }
  // Refused for good (its secrets went with it): a new link and password under
  // a new key; issuing the link withdrew the old one, and the admin's password follows.
  const generation = Number(latest.idempotencyKey.split(":").at(-1)) + 1;
  const next = await storeCredentialEmail(
    welcomeRecipient(application, tenant),
    welcomeEmailKey(tenant.id, generation),
    {
      applicationId: application.id,
    },
  );
  if (next.password) {
    await replaceInitialPassword(
      tenant,
      application.contactEmail,
      await hashPassword(next.password),
      initialPasswordExpiry(),
    );
  }
  const sent = await deliverEmail(next.emailId);
  return { emailId: sent.id, status: sent.status, generation };
}

// The earlier steps' records say their work was done; the work itself must
// still be there (a cut-off rollback or a lost server may have taken it), or
// the tenant would go live with nothing behind it.
async function checkTenantDatabase(
  application: { contactEmail: string },
  tenant: { serverId: number | null; databaseName: string },
) {
  const database = tenantDatabaseName(tenant);
  const admins = await withServerConnection(await tenantAdminConfig(tenant), async (conn) => {
    const rows = await unlessMissing(
      conn.query(`SELECT COUNT(*) AS n FROM ${quoteIdentifier(database)}.tenant_users WHERE email = ?`, [
        application.contactEmail,
      ]),
    );
    return Number(rows?.[0]?.n ?? 0);
  });
  if (admins === 0) {
    throw new AppError(
      "INVALID_STATE",
      `The tenant database ${database} or its initial admin is missing; not activating.`,
    );
  }
}

async function activateTenant(ctx: StepContext) {
  const { applicationId, runId } = ctx;
  const { application, tenant } = await loadTenant(ctx);
  if (application.status === "provisioned") return { alreadyDone: true };
  await checkTenantDatabase(application, tenant);
  await landlord().$transaction(async (tx) => {
    await tx.tenant.update({ where: { id: tenant.id }, data: { status: "active" } });
    await transitionApplication(
      applicationId,
      "provisioned",
      { tenantId: tenant.id, provisioningCompletedAt: new Date(), failureReason: null },
      tx,
    );
    await audit(
      {
        actor: SYSTEM,
        action: "provisioning.completed",
        applicationId,
        tenantId: tenant.id,
        context: { runId, slug: tenant.slug },
      },
      tx,
    );
  });
  return { alreadyDone: false };
}

/** The steps in order. Tests spy on an entry's `run` to inject faults. */
export const PROVISIONING_STEPS: readonly ProvisioningStep[] = [
  { name: "create-tenant-record", label: "Create tenant record", run: createTenantRecord },
  { name: "create-database", label: "Create database", run: createTenantDatabase },
  { name: "run-migrations", label: "Run tenant migrations", run: runTenantMigrations },
  { name: "seed-initial-admin", label: "Create the initial admin", run: seedInitialAdmin },
  { name: "send-welcome-email", label: "Send the welcome email", run: sendWelcomeEmail },
  { name: "activate-tenant", label: "Activate tenant", run: activateTenant },
];

export function stepNamed(name: StepName): ProvisioningStep {
  const step = PROVISIONING_STEPS.find((s) => s.name === name);
  if (!step) throw new Error(`No provisioning step ${name}`);
  return step;
}
