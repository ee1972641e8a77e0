"use server";
// The tenant console's actions. Each is built with `adminAction`, so the
// platform session and the "tenants.operate" permission are checked on the
// server before anything else, and calls one lib function; what the tenant's
// state does not allow comes back as that function's message.
import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/actions";
import { activateTenant, suspendTenant } from "@/lib/operations/suspension";
import { checkTenantNow, migrateTenantNow } from "@/lib/operations/tenant-checks";
import {
  maintenanceOffInput,
  maintenanceOnInput,
  migrateNowInput,
  reissueInput,
  statusChangeInput,
  tenantSlugInput,
} from "@/lib/operations/tenant-input";
import { endMaintenance, startMaintenance } from "@/lib/operations/tenant-maintenance";
import { refreshSnapshots } from "@/lib/operations/tenant-snapshots";
import { reissueSetupLink } from "@/lib/tenant-auth/reissue-link";

function revalidate(slug: string) {
  revalidatePath("/admin/tenants");
  revalidatePath(`/admin/tenants/${slug}`);
}

export const suspendTenantAction = adminAction("tenants.operate", statusChangeInput, async (input, { actor }) => {
  const change = await suspendTenant(input.slug, actor, { reason: input.reason });
  revalidate(change.slug);
  return { changed: change.changed, sessionsRevoked: change.sessionsRevoked };
});

export const activateTenantAction = adminAction("tenants.operate", statusChangeInput, async (input, { actor }) => {
  const change = await activateTenant(input.slug, actor, { reason: input.reason });
  revalidate(change.slug);
  return { changed: change.changed, sessionsRevoked: null };
});

export const startMaintenanceAction = adminAction("tenants.operate", maintenanceOnInput, async (input, { actor }) => {
  const hold = await startMaintenance(
    input.slug,
    { message: input.message, endsAt: input.until, reason: input.reason },
    actor,
  );
  revalidate(input.slug);
  return { holdId: hold.id };
});

export const endMaintenanceAction = adminAction("tenants.operate", maintenanceOffInput, async (input, { actor }) => {
  const result = await endMaintenance(input.slug, { holdId: input.holdId, reason: input.reason }, actor);
  revalidate(result.slug);
  return { ended: result.ended, remaining: result.remaining.length };
});

export const reissueLinkAction = adminAction("tenants.operate", reissueInput, async (input, { actor }) => {
  const result = await reissueSetupLink(input.slug, { email: input.email, reason: input.reason }, actor);
  revalidate(result.slug);
  return { email: result.email, delivery: result.delivery, sessionsEnded: result.sessionsEnded };
});

export const migrateNowAction = adminAction("tenants.operate", migrateNowInput, async (input, { actor }) => {
  const result = await migrateTenantNow(input.slug, input.reason, actor);
  revalidate(result.slug);
  return { outcome: result.outcome, applied: result.applied, reason: result.reason ?? null };
});

export const healthCheckAction = adminAction("tenants.operate", tenantSlugInput, async (input) => {
  const result = await checkTenantNow(input.slug);
  revalidate(result.slug);
  return { problems: result.problems };
});

export const refreshSnapshotAction = adminAction("tenants.operate", tenantSlugInput, async (input) => {
  const report = await refreshSnapshots({ slug: input.slug });
  revalidate(input.slug);
  return { tenants: report.tenants };
});
