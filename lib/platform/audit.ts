// The audit log: who did what to which application or tenant, when, from
// where. Written inside the same transaction as the change where there is one.

import "server-only";
import { type LandlordTx, landlord } from "../db/landlord";
import type { Prisma } from "../generated/landlord/client";

export type ActorType = "platform_admin" | "tenant_user" | "applicant" | "operator" | "system";

export interface Actor {
  type: ActorType;
  id?: string;
  label?: string;
  ip?: string;
  userAgent?: string;
}

export const SYSTEM: Actor = { type: "system", label: "system" };

export type AuditAction =
  | "application.submitted"
  | "application.approved"
  | "application.rejected"
  | "application.confirmed"
  | "application.expired"
  | "application.closed"
  | "provisioning.started"
  | "provisioning.step_failed"
  | "provisioning.completed"
  | "provisioning.failed"
  | "provisioning.rolled_back"
  | "provisioning.retried"
  | "provisioning.resumed"
  | "provisioning.dispatch_failed"
  | "admin.invited"
  | "admin.joined"
  | "admin.created"
  | "admin.disabled"
  | "admin.enabled"
  | "admin.role_changed"
  | "admin.two_factor_reset"
  | "admin.two_factor_enabled"
  | "admin.invitation_withdrawn"
  | "admin.password_reset"
  | "tenant.link_reissued"
  | "keys.rotated"
  | "server.added"
  | "server.cordoned"
  | "server.uncordoned"
  | "server.draining"
  | "server.drain_started"
  | "server.drain_finished"
  | "server.removed"
  | "tenant.credentials_provisioned"
  | "tenant.credentials_reset"
  | "tenant.moved"
  | "tenant.move_failed"
  | "tenant.suspended"
  | "tenant.activated"
  | "tenant.reset"
  | "tenant.cleanup"
  | "tenant.migrated"
  | "tenant.backed_up"
  | "landlord.backed_up"
  | "tenant.backup_verified"
  | "tenant.backup_decrypted"
  | "tenant.backups_pruned"
  | "tenant.restored"
  | "tenant.previous_dropped"
  | "tenant.deleted"
  | "tenant.undeleted"
  | "tenant.purged"
  | "tenant.hold_placed"
  | "tenant.hold_released"
  | "tenant.maintenance_started"
  | "tenant.maintenance_ended"
  | "tenant.migration_rolled_back"
  | "email.secrets_viewed"
  | "audit.exported"
  | "email.digest_sent"
  | "auth.recovery_code_used"
  | "auth.signin_failed"
  | "auth.code_failed"
  | "auth.locked_out"
  | "auth.password_changed"
  | "auth.password_set"
  | "auth.password_reset_requested"
  | "auth.password_reset"
  | "auth.password_change_failed"
  | "auth.signed_in"
  | "auth.signed_out"
  | "auth.signed_out_elsewhere"
  | "tenant_user.invited"
  | "tenant_user.invitation_resent"
  | "tenant_user.invitation_withdrawn"
  | "tenant_user.joined"
  | "tenant_user.role_changed"
  | "tenant_user.deactivated"
  | "tenant_user.reactivated"
  | "tenant_user.profile_updated"
  | "committee.member_added"
  | "committee.member_updated"
  | "committee.member_removed";

export interface AuditEntry {
  actor: Actor;
  action: AuditAction;
  applicationId?: string | null;
  tenantId?: string | null;
  context?: Prisma.InputJsonValue;
}

type Writer = Pick<LandlordTx, "auditLog">;

export async function audit(entry: AuditEntry, db: Writer = landlord()): Promise<void> {
  await db.auditLog.create({
    data: {
      actorType: entry.actor.type,
      actorId: entry.actor.id?.slice(0, 64),
      actorLabel: entry.actor.label?.slice(0, 255),
      ip: entry.actor.ip?.slice(0, 45),
      userAgent: entry.actor.userAgent?.slice(0, 512),
      action: entry.action,
      applicationId: entry.applicationId ?? undefined,
      tenantId: entry.tenantId ?? undefined,
      context: entry.context,
    },
  });
}
