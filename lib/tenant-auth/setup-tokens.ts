// One-time password setup tokens. Only a sha256 of the token is stored; the
// token itself exists in the welcome email alone.
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
