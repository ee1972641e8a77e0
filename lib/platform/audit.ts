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
  | "provisioning.started"
  | "provisioning.step_failed"
  | "provisioning.completed"
  | "provisioning.failed"
  | "provisioning.rolled_back"
  | "provisioning.retried"
  | "provisioning.resumed"
  | "provisioning.dispatch_failed"
  | "tenant.link_reissued"
  | "keys.rotated"
  | "tenant.suspended"
  | "tenant.activated"
  | "tenant.reset"
  | "tenant.cleanup"
  | "tenant.migrated"
  | "email.secrets_viewed"
  | "auth.signin_failed"
  | "auth.code_failed"
  | "auth.locked_out"
  | "auth.password_changed"
  | "auth.password_set"
  | "auth.password_change_failed"
  | "auth.signed_in"
  | "auth.signed_out";

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
