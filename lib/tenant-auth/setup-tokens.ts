// One-time password setup tokens. Only a sha256 of the token is stored; the
// token itself exists in the welcome email alone.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { type LandlordTx, landlord } from "../db/landlord";
import { env } from "../env";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Issues a token for the tenant admin. Tokens issued before for the same
 * tenant and email that were never used are withdrawn, so at most one works.
 */
export async function issueSetupToken(
  tenantId: string,
  email: string,
  db: Pick<LandlordTx, "passwordSetupToken"> = landlord(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + env().SETUP_TOKEN_TTL_HOURS * 3600_000);
  await db.passwordSetupToken.deleteMany({ where: { tenantId, email, usedAt: null } });
  await db.passwordSetupToken.create({ data: { tenantId, email, tokenHash: hashToken(token), expiresAt } });
  return { token, expiresAt };
}

export type SetupTokenProblem = "unknown" | "used" | "expired";

export type SetupTokenLookup =
  | { ok: true; tenantId: string; email: string; expiresAt: Date }
  | { ok: false; problem: SetupTokenProblem };

// A token is 43 base64url characters; anything far longer is not one of ours.
const TOKEN_MAX = 200;

/** What a token is for, if it can still be used. Reads only: nothing changes. Expiry is the database's clock. */
export async function lookupSetupToken(token: string): Promise<SetupTokenLookup> {
  if (!token || token.length > TOKEN_MAX) return { ok: false, problem: "unknown" };
  const rows = await landlord().$queryRaw<
    { tenant_id: string; email: string; expires_at: Date; used_at: Date | null; expired: number | bigint }[]
  >`SELECT tenant_id, email, expires_at, used_at, expires_at <= NOW(3) AS expired
    FROM password_setup_tokens WHERE token_hash = ${hashToken(token)}`;
  const row = rows[0];
  if (!row) return { ok: false, problem: "unknown" };
  if (row.used_at) return { ok: false, problem: "used" };
  if (Number(row.expired)) return { ok: false, problem: "expired" };
  return { ok: true, tenantId: row.tenant_id, email: row.email, expiresAt: row.expires_at };
}

/**
 * Marks the token used if it still can be: one conditional UPDATE, so of two
 * tabs submitting the same link at once exactly one gets true.
 */
export async function consumeSetupToken(token: string): Promise<boolean> {
  if (!token || token.length > TOKEN_MAX) return false;
  const changed = await landlord().$executeRaw`
    UPDATE password_setup_tokens SET used_at = NOW(3)
    WHERE token_hash = ${hashToken(token)} AND used_at IS NULL AND expires_at > NOW(3)`;
  return changed === 1;
}

/** Undoes consumeSetupToken when the password could not be stored, so the link still works. */
export async function releaseSetupToken(token: string): Promise<void> {
  await landlord().passwordSetupToken.updateMany({
    where: { tokenHash: hashToken(token), usedAt: { not: null } },
    data: { usedAt: null },
  });
}

/**
 * Withdraws the unused links for an account once its password is chosen some
 * other way: a link in an old email should not be able to replace it.
 */
export async function withdrawSetupTokens(tenantId: string, email: string): Promise<number> {
  const result = await landlord().passwordSetupToken.deleteMany({ where: { tenantId, email, usedAt: null } });
  return result.count;
}
