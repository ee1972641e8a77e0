// An admin's maintenance (`tenants maintenance <slug> on|off`, the console):
// a hold of kind "admin" with the message the tenant's users see and an
// optional end. Maintenance is a set of holds (./maintenance.ts): ending an
// admin's hold never ends a restore's or a move's, and the space stays in
// maintenance while any other hold is in force. Each change is audited with
// the admin's reason beside the hold's own entry, in the same transaction.
import "server-only";
import { landlord } from "../db/landlord";
import { AppError } from "../errors";
import { type Actor, audit } from "../platform/audit";
import { normalizeSlug } from "../platform/slugs";
import { reloadHeldSlugs } from "../tenant-auth/maintenance";
import { noSuchTenant } from "./fleet";
import { activeHolds, type MaintenanceHold, placeHold, releaseHold } from "./maintenance";

export interface MaintenanceOn {
  /** What the tenant's users are told (the console asks for one). */
  message?: string | null;
  /** When it ends by itself; none: until an admin ends it. */
  endsAt?: Date | null;
  /** Why, in the admin's words (the console asks for one). */
  reason?: string;
}

export interface MaintenanceOff {
  /** One admin hold; all of the tenant's admin holds when left out. */
  holdId?: string;
  reason?: string;
}

export interface MaintenanceOffResult {
  slug: string;
  ended: number;
  /** Holds still in force (a restore's, a move's): the space stays in maintenance while there are any. */
  remaining: MaintenanceHold[];
}

async function tenantFor(slugInput: string) {
  const slug = normalizeSlug(slugInput);
  const tenant = await landlord().tenant.findUnique({ where: { slug } });
  if (!tenant) throw noSuchTenant(slug);
  return tenant;
}

/** "an admin (ada@x) since …", for messages. */
export function describeHold(hold: MaintenanceHold): string {
  const end = hold.endsAt ? ` until ${hold.endsAt.toISOString()}` : "";
  return `${hold.kind === "admin" ? "an admin" : `a ${hold.kind}`} (${hold.owner}) since ${hold.createdAt.toISOString()}${end}`;
}

export async function startMaintenance(
  slugInput: string,
  input: MaintenanceOn,
  actor: Actor,
): Promise<MaintenanceHold> {
  const tenant = await tenantFor(slugInput);
  if (tenant.deletedAt) throw new AppError("INVALID_STATE", `Tenant ${tenant.slug} is deleted.`);
  if (input.endsAt && input.endsAt.getTime() <= Date.now()) {
    throw new AppError("INVALID_INPUT", "The end of the maintenance must be in the future.", {
      fieldErrors: { until: ["Choose a time in the future."] },
    });
  }
  const admin = (await activeHolds(tenant.id)).find((h) => h.kind === "admin");
  if (admin) {
    throw new AppError(
      "INVALID_STATE",
      `Tenant ${tenant.slug} is already in maintenance by ${describeHold(admin)}; end that first.`,
    );
  }
  const hold = await landlord().$transaction(async (tx) => {
    const placed = await placeHold(
      {
        tenantId: tenant.id,
        kind: "admin",
        owner: actor.label ?? actor.type,
        message: input.message || null,
        endsAt: input.endsAt ?? null,
      },
      actor,
      tx,
    );
    await audit(
      {
        actor,
        action: "tenant.maintenance_started",
        tenantId: tenant.id,
        context: {
          slug: tenant.slug,
          holdId: placed.id,
          message: placed.message,
          endsAt: placed.endsAt?.toISOString() ?? null,
          reason: input.reason ?? null,
        },
      },
      tx,
    );
    return placed;
  });
  await reloadHeldSlugs();
  return hold;
}

export async function endMaintenance(
  slugInput: string,
  input: MaintenanceOff,
  actor: Actor,
): Promise<MaintenanceOffResult> {
  const tenant = await tenantFor(slugInput);
  const holds = await activeHolds(tenant.id);
  const mine = holds.filter((h) => h.kind === "admin" && (input.holdId === undefined || h.id === input.holdId));
  if (mine.length === 0) {
    const other = holds.find((h) => input.holdId === undefined || h.id === input.holdId);
    throw new AppError(
      "INVALID_STATE",
      other
        ? `Tenant ${tenant.slug} is held by ${describeHold(other)}, not by an admin: that hold ends when its work is done.`
        : `Tenant ${tenant.slug} is not in an admin's maintenance.`,
    );
  }
  const ended = await landlord().$transaction(async (tx) => {
    let count = 0;
    for (const hold of mine) if (await releaseHold(hold.id, actor, tx)) count++;
    if (count === 0) throw new AppError("CONFLICT", `Tenant ${tenant.slug}'s maintenance ended meanwhile.`);
    await audit(
      {
        actor,
        action: "tenant.maintenance_ended",
        tenantId: tenant.id,
        context: { slug: tenant.slug, holdIds: mine.map((h) => h.id), reason: input.reason ?? null },
      },
      tx,
    );
    return count;
  });
  await reloadHeldSlugs();
  return { slug: tenant.slug, ended, remaining: await activeHolds(tenant.id) };
}
