"use server";
// The tenant's backups, deletion and restore from the console. Backing up and
// verifying need "tenants.operate"; restoring, deleting and undeleting are the
// owners' ("tenants.destroy"), with the slug typed again where the schema asks
// for it. Each calls one lib function, which checks the tenant's state, takes
// its operation lock and writes the audit entry; its refusals come back as
// its own messages.
import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/actions";
import { restoreTenant } from "@/lib/operations/backups/restore-tenant";
import { startBackup, startVerification } from "@/lib/operations/backups/start-backup";
import { deleteTenant, undeleteTenant } from "@/lib/operations/delete-tenant";
import {
  deleteInput,
  restoreInput,
  tenantSlugInput,
  undeleteInput,
  verifyBackupInput,
} from "@/lib/operations/tenant-input";

function revalidate(slug: string) {
  revalidatePath("/admin/tenants");
  revalidatePath(`/admin/tenants/${slug}`);
}

// Awaited for a moment only (start-backup.ts): a longer one goes on and the page lists it as running.
export const backupNowAction = adminAction("tenants.operate", tenantSlugInput, async (input, { actor }) => {
  const started = await startBackup(input.slug, { actor });
  revalidate(input.slug);
  if (!started.finished) return { finished: false as const };
  const { id, sizeBytes, rowCount, durationMs } = started.result;
  return { finished: true as const, id, sizeBytes, rowCount, durationMs };
});

export const verifyBackupAction = adminAction("tenants.operate", verifyBackupInput, async (input, { actor }) => {
  const started = await startVerification(input.slug, input.backupId, { actor });
  revalidate(input.slug);
  if (!started.finished) return { finished: false as const };
  return { finished: true as const, passed: started.result.passed, problems: started.result.problems };
});

// Awaited to the end: the owner waits for a definite answer, and a refusal (a deleted tenant, another
// operation running, a backup that does not match) changes nothing.
export const restoreTenantAction = adminAction("tenants.destroy", restoreInput, async (input, { actor }) => {
  const result = await restoreTenant(input.slug, { actor, backupId: input.backupId, reason: input.reason });
  revalidate(result.slug);
  return { database: result.database, previous: result.previous, migrated: result.migrated };
});

export const deleteTenantAction = adminAction("tenants.destroy", deleteInput, async (input, { actor }) => {
  const result = await deleteTenant(input.slug, { actor, confirmation: input.confirmation, reason: input.reason });
  revalidate(result.slug);
  return {
    backupId: result.backupId,
    purgeAfter: result.purgeAfter.toISOString(),
    sessionsRevoked: result.sessionsRevoked,
  };
});

export const undeleteTenantAction = adminAction("tenants.destroy", undeleteInput, async (input, { actor }) => {
  const result = await undeleteTenant(input.slug, { actor, reason: input.reason });
  revalidate(result.slug);
  return { status: result.status, afterGracePeriod: result.afterGracePeriod };
});
