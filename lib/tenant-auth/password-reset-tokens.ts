// One-time password reset links (/{slug}/reset-password/{token}), for any
// active tenant user who lost their password. Only a sha256 of the token is
// stored; the token itself exists only in the email (sealed by the mailer).
// An hour, one use; a newer link replaces the account's unused ones. Expiry
// and use are judged by the database's clock, like the setup links.
import "server-only";
import { randomBytes } from "node:crypto";
import { landlord } from "../db/landlord";
import { hashToken } from "./setup-tokens";

export const RESET_TOKEN_TTL_MINUTES = 60;

// A token is 43 base64url characters.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export async function issueResetToken(tenantId: string, email: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + RESET_TOKEN_TTL_MINUTES * 60_000);
  const db = landlord();
  await db.$transaction([
    db.passwordResetToken.deleteMany({ where: { tenantId, email, usedAt: null } }),
    db.passwordResetToken.create({ data: { tenantId, email, tokenHash: hashToken(token), expiresAt } }),
  ]);
  return token;
}

export type ResetTokenProblem = "unknown" | "used" | "expired";

export type ResetTokenLookup =
  | { ok: true; tenantId: string; email: string; expiresAt: Date }
  | { ok: false; problem: ResetTokenProblem };

/** What a token is for, if it can still be used. Reads only. */
export async function lookupResetToken(token: string): Promise<ResetTokenLookup> {
  if (!TOKEN_SHAPE.test(token)) return { ok: false, problem: "unknown" };
  const [row] = await landlord().$queryRaw<
    { tenant_id: string; email: string; expires_at: Date; used_at: Date | null; expired: number | bigint }[]
  >`SELECT tenant_id, email, expires_at, used_at, expires_at <= NOW(3) AS expired
    FROM password_reset_tokens WHERE token_hash = ${hashToken(token)}`;
  if (!row) return { ok: false, problem: "unknown" };
  if (row.used_at) return { ok: false, problem: "used" };
  if (Number(row.expired)) return { ok: false, problem: "expired" };
  return { ok: true, tenantId: row.tenant_id, email: row.email, expiresAt: row.expires_at };
}

/** Marks the token used if it still can be: of two submissions at once, exactly one gets true. */
export async function consumeResetToken(token: string): Promise<boolean> {
  if (!TOKEN_SHAPE.test(token)) return false;
  const changed = await landlord().$executeRaw`
    UPDATE password_reset_tokens SET used_at = NOW(3)
    WHERE token_hash = ${hashToken(token)} AND used_at IS NULL AND expires_at > NOW(3)`;
  return changed === 1;
}

/** Undoes consumeResetToken when the password could not be stored, so the link still works. */
export async function releaseResetToken(token: string): Promise<void> {
  await landlord().passwordResetToken.updateMany({
    where: { tokenHash: hashToken(token), usedAt: { not: null } },
    data: { usedAt: null },
  });
}

/** Withdraws the account's unused reset links once its password is chosen. */
export async function withdrawResetTokens(tenantId: string, email: string): Promise<number> {
  const { count } = await landlord().passwordResetToken.deleteMany({ where: { tenantId, email, usedAt: null } });
  return count;
}
