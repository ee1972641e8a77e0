// What an invitation link's token is for, looked up in one tenant's database
// only (the slug of the address picks it): a token of another tenant is simply
// not there. Only the token's sha256 is stored. Reads only; ./join.ts uses a
// link up, ./invitations.ts issues and withdraws them.
import "server-only";
import type { TenantClient } from "../db/tenant-clients";
import { hashToken } from "./setup-tokens";

export type InvitationProblem = "unknown" | "used" | "expired" | "withdrawn";

export type InvitationLookup =
  | {
      ok: true;
      id: bigint;
      uuid: string;
      email: string;
      firstName: string;
      lastName: string;
      role: string;
      roleId: bigint;
      expiresAt: Date;
    }
  | { ok: false; problem: InvitationProblem };

// A token is 43 base64url characters; anything far longer is not one of ours.
const TOKEN_MAX = 200;

/** What a token is for, in this tenant's database only, if it can still be used. Reads only. */
export async function lookupInvitation(
  db: Pick<TenantClient, "tenantUserInvitation">,
  token: string,
): Promise<InvitationLookup> {
  if (!token || token.length > TOKEN_MAX) return { ok: false, problem: "unknown" };
  const row = await db.tenantUserInvitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { role: { select: { name: true } } },
  });
  if (!row) return { ok: false, problem: "unknown" };
  if (row.usedAt) return { ok: false, problem: "used" };
  if (row.withdrawnAt) return { ok: false, problem: "withdrawn" };
  if (row.expiresAt.getTime() <= Date.now()) return { ok: false, problem: "expired" };
  return {
    ok: true,
    id: row.id,
    uuid: row.uuid,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    role: row.role.name,
    roleId: row.roleId,
    expiresAt: row.expiresAt,
  };
}
