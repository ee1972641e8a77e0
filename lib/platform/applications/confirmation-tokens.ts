// The one-time links that confirm an applicant's email: /apply/confirm/{token}.
// Only the sha256 of a token is stored; the token itself exists only in the
// email (lib/mail/send.ts keeps it sealed, never in the stored copy). Expiry
// and use are judged by the database's clock, like the password setup links.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { type LandlordTx, landlord } from "../../db/landlord";
import { env } from "../../env";

// A token is 32 random bytes in base64url: 43 characters.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function hashConfirmationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function isTokenShaped(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

export function confirmationUrl(token: string): string {
  return `${env().APP_URL}/apply/confirm/${token}`;
}

/** Stores a new link for the application and returns its token (to be put in the email, and nowhere else). */
export async function issueConfirmationToken(
  applicationId: string,
  db: Pick<LandlordTx, "applicationConfirmation"> = landlord(),
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + env().APPLICATION_CONFIRM_TTL_HOURS * 3600_000);
  await db.applicationConfirmation.create({
    data: { applicationId, tokenHash: hashConfirmationToken(token), expiresAt },
  });
  return token;
}

export type TokenState = "usable" | "used" | "expired" | "unknown";

export interface TokenLookup {
  state: TokenState;
  applicationId?: string;
}

/** What a token is, read only. */
export async function lookupConfirmationToken(
  token: string,
  db: Pick<LandlordTx, "$queryRaw"> = landlord(),
): Promise<TokenLookup> {
  if (!isTokenShaped(token)) return { state: "unknown" };
  const [row] = await db.$queryRaw<
    { application_id: string; used_at: Date | null; expired: number | bigint }[]
  >`SELECT application_id, used_at, expires_at <= NOW(3) AS expired
    FROM application_confirmations WHERE token_hash = ${hashConfirmationToken(token)}`;
  if (!row) return { state: "unknown" };
  const state = row.used_at ? "used" : Number(row.expired) ? "expired" : "usable";
  return { state, applicationId: row.application_id };
}

/**
 * Marks the token used if it still can be: one conditional UPDATE, so of two
 * clicks on the same link exactly one gets true.
 */
export async function consumeConfirmationToken(
  token: string,
  db: Pick<LandlordTx, "$executeRaw"> = landlord(),
): Promise<boolean> {
  if (!isTokenShaped(token)) return false;
  const changed = await db.$executeRaw`
    UPDATE application_confirmations SET used_at = NOW(3)
    WHERE token_hash = ${hashConfirmationToken(token)} AND used_at IS NULL AND expires_at > NOW(3)`;
  return changed === 1;
}

/** Withdraws every link of an application that was never used (once it is confirmed another way). */
export async function withdrawConfirmationTokens(
  applicationId: string,
  db: Pick<LandlordTx, "applicationConfirmation"> = landlord(),
): Promise<void> {
  await db.applicationConfirmation.updateMany({ where: { applicationId, usedAt: null }, data: { usedAt: new Date() } });
}
