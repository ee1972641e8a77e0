// Maintenance is a set of holds, each with an owner: an admin, a backup
// restore, (later) a move. A tenant is in maintenance while any hold is in
// force (no end, or an end still ahead), and releasing one hold never ends
// another. Fleet migrations still run for a tenant an admin put in
// maintenance, but skip one held by a restore or a move: those work on the
// tenant's database and hold its migration lock. (Answering the tenant's
// pages with 503 meanwhile is the console's part.)
import "server-only";
import { randomUUID } from "node:crypto";
import { type LandlordTx, landlord } from "../db/landlord";
import type { HoldKind, MaintenanceHold } from "../generated/landlord/client";
import { type Actor, audit } from "../platform/audit";

export type { HoldKind, MaintenanceHold };

/** Holds that stop fleet migrations: their owner is changing the database itself. */
export const DATABASE_HOLDS: readonly HoldKind[] = ["restore", "move"];

export interface HoldInput {
  tenantId: string;
  kind: HoldKind;
  /** Who holds it: an admin's label, "restore <database>"... */
  owner: string;
  message?: string | null;
  endsAt?: Date | null;
}

type Db = Pick<LandlordTx, "maintenanceHold" | "auditLog">;

export async function placeHold(input: HoldInput, actor: Actor, db: Db = landlord()): Promise<MaintenanceHold> {
  const hold = await db.maintenanceHold.create({
    data: {
      id: randomUUID(),
      tenantId: input.tenantId,
      kind: input.kind,
      owner: input.owner.slice(0, 255),
      message: input.message?.slice(0, 1000) ?? null,
      endsAt: input.endsAt ?? null,
    },
  });
  await audit(
    {
      actor,
      action: "tenant.hold_placed",
      tenantId: input.tenantId,
      context: { holdId: hold.id, kind: hold.kind, owner: hold.owner, endsAt: hold.endsAt?.toISOString() ?? null },
    },
    db,
  );
  return hold;
}

/** Ends one hold; false when it was already gone. */
export async function releaseHold(holdId: string, actor: Actor, db: Db = landlord()): Promise<boolean> {
  const hold = await db.maintenanceHold.findUnique({ where: { id: holdId } });
  if (!hold) return false;
  const { count } = await db.maintenanceHold.deleteMany({ where: { id: holdId } });
  if (count === 0) return false;
  await audit(
    {
      actor,
      action: "tenant.hold_released",
      tenantId: hold.tenantId,
      context: { holdId, kind: hold.kind, owner: hold.owner },
    },
    db,
  );
  return true;
}

function inForce(now: Date) {
  return { OR: [{ endsAt: null }, { endsAt: { gt: now } }] };
}

/** A tenant's holds in force, oldest first. */
export function activeHolds(tenantId: string, now = new Date()): Promise<MaintenanceHold[]> {
  return landlord().maintenanceHold.findMany({
    where: { tenantId, ...inForce(now) },
    orderBy: { createdAt: "asc" },
  });
}

export async function inMaintenance(tenantId: string, now = new Date()): Promise<boolean> {
  return (await landlord().maintenanceHold.count({ where: { tenantId, ...inForce(now) } })) > 0;
}

/** Of these tenants, the ones a restore or a move holds right now, with that hold. */
export async function databaseHolds(
  tenantIds: readonly string[],
  now = new Date(),
): Promise<Map<string, MaintenanceHold>> {
  if (tenantIds.length === 0) return new Map();
  const holds = await landlord().maintenanceHold.findMany({
    where: { tenantId: { in: [...tenantIds] }, kind: { in: [...DATABASE_HOLDS] }, ...inForce(now) },
    orderBy: { createdAt: "asc" },
  });
  return new Map(holds.map((h) => [h.tenantId, h]));
}
