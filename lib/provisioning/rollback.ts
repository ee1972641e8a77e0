// Undoing a failed run after its last retry: the tenant database is dropped,
// the tenant record, its setup tokens and its undelivered emails removed, the application marked
// provisioning_failed with the reason, and all of it audited. Safe to run
// twice; removes only what this application's run created. The decision is
// recorded on the run first, so a rollback cut off half way is finished by
// whoever resumes the run (inline-driver.ts), never provisioned on.
import "server-only";
import { forgetDatabase } from "../db/catalog";
import { landlord } from "../db/landlord";
import { dropDatabase, withServerConnection } from "../db/server";
import { tenantAdminConfig } from "../db/servers";
import { evictTenantClient } from "../db/tenant-clients";
import { dropDatabaseUser, tenantUsername } from "../db/tenant-credentials";
import { tenantDatabaseName } from "../db/tenant-database";
import { errorMessage } from "../errors";
import { transitionApplication } from "../platform/applications/status";
import { audit, SYSTEM } from "../platform/audit";
import { finishRun, markRollingBack } from "./runs";

export interface RollbackResult {
  droppedDatabase: string | null;
  removedTenant: string | null;
}

export async function rollbackProvisioning(
  applicationId: string,
  reason: string,
  runId?: string,
): Promise<RollbackResult> {
  const db = landlord();
  if (runId) await markRollingBack(runId, reason);
  const application = await db.tenantApplication.findUnique({
    where: { id: applicationId },
    include: { tenant: true },
  });
  if (!application || application.status === "provisioned") return { droppedDatabase: null, removedTenant: null };

  const tenant = application.tenant;
  let droppedDatabase: string | null = null;
  if (tenant) {
    const database = tenantDatabaseName(tenant);
    const server = await tenantAdminConfig(tenant);
    evictTenantClient(database);
    const users = (["a", "b"] as const).map((slot) => tenantUsername(tenant.id, slot));
    await withServerConnection(server, async (conn) => {
      await dropDatabase(conn, database);
      for (const user of users) await dropDatabaseUser(conn, user);
    });
    for (const name of [database, ...users]) await forgetDatabase(server, name);
    droppedDatabase = database;
  }

  await db.$transaction(async (tx) => {
    await tx.tenantApplication.update({ where: { id: applicationId }, data: { tenantId: null } });
    if (tenant) {
      await tx.passwordSetupToken.deleteMany({ where: { tenantId: tenant.id } });
      // An email the provider has cannot be unsent (its link is withdrawn above);
      // one that never went out goes, and no sealed secret of this run is kept.
      await tx.emailOutbox.deleteMany({ where: { tenantId: tenant.id, status: { not: "sent" } } });
      await tx.emailOutbox.updateMany({ where: { tenantId: tenant.id }, data: { secrets: null } });
      await tx.tenant.deleteMany({ where: { id: tenant.id, status: { not: "active" } } });
    }
    if (application.status === "provisioning_started") {
      await transitionApplication(applicationId, "provisioning_failed", { failureReason: reason.slice(0, 5000) }, tx);
    }
    const context = { runId: runId ?? null, reason, droppedDatabase, removedTenant: tenant?.id ?? null };
    await audit({ actor: SYSTEM, action: "provisioning.failed", applicationId, context }, tx);
    await audit({ actor: SYSTEM, action: "provisioning.rolled_back", applicationId, context }, tx);
  });
  if (runId) await finishRun(runId, "failed", reason).catch((error) => console.error(errorMessage(error)));
  return { droppedDatabase, removedTenant: tenant?.id ?? null };
}
