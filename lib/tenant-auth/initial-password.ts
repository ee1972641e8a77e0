// Initial passwords: made once for a tenant admin (at seeding, or when a
// platform admin reissues their link), readable and long, from a CSPRNG. The
// user's row holds only its hash and when it expires; the plaintext exists
// only sealed, with the email that carries it (./credential-email.ts).
import "server-only";
import { randomInt } from "node:crypto";
import { env } from "../env";
import { passwordProblems } from "../password-policy";

// No look-alikes (0/O, 1/l/I), so it can be read from a phone and typed.
const ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const GROUPS = 4;
const GROUP_LENGTH = 4;

/** Four groups of four (about 92 bits), e.g. `Tq4h-8xZk-Pm2w-Rd7c`; or the fixed development password. */
export function newInitialPassword(): string {
  const fixed = env().INITIAL_ADMIN_PASSWORD;
  if (fixed) return fixed;
  const group = () => Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  // Drawn again until it meets the password policy itself (about 1 in 10 lacks a digit or a case),
  // so the policy's own rules never speak before "not the initial password" does.
  for (;;) {
    const password = Array.from({ length: GROUPS }, group).join("-");
    if (passwordProblems(password).length === 0) return password;
  }
}

/** When a password issued now stops working: with the setup link. */
export function initialPasswordExpiry(from = new Date()): Date {
  return new Date(from.getTime() + env().SETUP_TOKEN_TTL_HOURS * 3600_000);
}
