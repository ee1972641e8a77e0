// The election committee (committee_users): people named by the organization,
// each linked to a user account when one with the same email exists, and kept
// linked when that person joins later (./join.ts links them). Removing a
// member is a soft delete; adding the same address again brings the row back.
import "server-only";
import { randomUUID } from "node:crypto";
import type { TenantClient } from "../db/tenant-clients";
import { isUniqueViolation } from "../db/unique-violation";
import { AppError } from "../errors";
import { type Actor, audit } from "../platform/audit";
import type { CommitteeRole } from "./committee-input";
import type { Team } from "./sessions";

export interface CommitteeRow {
  id: string;
  firstName: string;
  lastName: string;
  name: string;
  email: string;
  committeeRole: string;
  /** The user account with this email, when there is one. */
  account: { status: string } | null;
}

interface MemberInput {
  firstName: string;
  lastName: string;
  email: string;
  committeeRole: CommitteeRole;
}

export async function listCommittee(db: TenantClient, tenantNumericId: bigint): Promise<CommitteeRow[]> {
  const rows = await db.committeeUser.findMany({
    where: { tenantId: tenantNumericId, deletedAt: null },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
    include: { user: { select: { status: true, deletedAt: true } } },
  });
  return rows.map((row) => ({
    id: row.uuid,
    firstName: row.firstName,
    lastName: row.lastName,
    name: `${row.firstName} ${row.lastName}`.trim(),
    email: row.email,
    committeeRole: row.committeeRole,
    account: row.user && !row.user.deletedAt ? { status: row.user.status } : null,
  }));
}

/** The user account with this email, if any: the committee entry points at it. */
async function accountFor(db: TenantClient, email: string): Promise<bigint | null> {
  const user = await db.tenantUser.findUnique({ where: { email }, select: { id: true, deletedAt: true } });
  return user && !user.deletedAt ? user.id : null;
}

function onCommitteeAlready(email: string): AppError {
  const message = `${email} is on the committee already.`;
  return new AppError("CONFLICT", message, { fieldErrors: { email: [message] } });
}

function fields(input: MemberInput) {
  return {
    firstName: input.firstName.trim(),
    lastName: input.lastName.trim(),
    email: input.email.trim().toLowerCase(),
    committeeRole: input.committeeRole,
  };
}

export async function addCommitteeMember(
  { tenant, db }: Team,
  input: MemberInput,
  actor: Actor,
): Promise<{ memberId: string; linked: boolean }> {
  const data = fields(input);
  const userId = await accountFor(db, data.email);
  const existing = await db.committeeUser.findUnique({
    where: { tenantId_email: { tenantId: tenant.numericId, email: data.email } },
  });
  if (existing && !existing.deletedAt) throw onCommitteeAlready(data.email);
  let memberId: string;
  try {
    if (existing) {
      // (tenant_id, email) is unique, removed rows included: a removed member comes back in their old row.
      await db.committeeUser.update({
        where: { id: existing.id },
        data: { ...data, userId, status: "active", deletedAt: null },
      });
      memberId = existing.uuid;
    } else {
      memberId = randomUUID();
      await db.committeeUser.create({
        data: { uuid: memberId, tenantId: tenant.numericId, ...data, userId, status: "active" },
      });
    }
  } catch (error) {
    if (isUniqueViolation(error)) throw onCommitteeAlready(data.email);
    throw error;
  }
  await audit({
    actor,
    action: "committee.member_added",
    tenantId: tenant.id,
    context: { slug: tenant.slug, email: data.email, committeeRole: data.committeeRole, linked: userId !== null },
  });
  return { memberId, linked: userId !== null };
}

export async function updateCommitteeMember(
  { tenant, db }: Team,
  memberId: string,
  input: MemberInput,
  actor: Actor,
): Promise<{ linked: boolean }> {
  const data = fields(input);
  const member = await db.committeeUser.findUnique({ where: { uuid: memberId } });
  if (!member || member.deletedAt || member.tenantId !== tenant.numericId) {
    throw new AppError("NOT_FOUND", "No such committee member.");
  }
  const userId = await accountFor(db, data.email);
  try {
    await db.$transaction(async (tx) => {
      if (data.email !== member.email) {
        const holder = await tx.committeeUser.findUnique({
          where: { tenantId_email: { tenantId: tenant.numericId, email: data.email } },
        });
        if (holder && !holder.deletedAt) throw onCommitteeAlready(data.email);
        // A removed entry still holds the address in the unique index; the audit log keeps its history.
        if (holder) await tx.committeeUser.delete({ where: { id: holder.id } });
      }
      await tx.committeeUser.update({ where: { id: member.id }, data: { ...data, userId } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw onCommitteeAlready(data.email);
    throw error;
  }
  await audit({
    actor,
    action: "committee.member_updated",
    tenantId: tenant.id,
    context: {
      slug: tenant.slug,
      email: data.email,
      from: {
        email: member.email,
        committeeRole: member.committeeRole,
        name: `${member.firstName} ${member.lastName}`,
      },
      to: { email: data.email, committeeRole: data.committeeRole, name: `${data.firstName} ${data.lastName}` },
      linked: userId !== null,
    },
  });
  return { linked: userId !== null };
}

/** Removes a member (soft delete): the row stays, out of the list, for the record. */
export async function removeCommitteeMember({ tenant, db }: Team, memberId: string, actor: Actor): Promise<void> {
  const member = await db.committeeUser.findUnique({ where: { uuid: memberId } });
  const removed = await db.committeeUser.updateMany({
    where: { uuid: memberId, tenantId: tenant.numericId, deletedAt: null },
    data: { deletedAt: new Date() },
  });
  if (!member || removed.count !== 1) throw new AppError("NOT_FOUND", "No such committee member.");
  await audit({
    actor,
    action: "committee.member_removed",
    tenantId: tenant.id,
    context: { slug: tenant.slug, email: member.email, committeeRole: member.committeeRole },
  });
}
