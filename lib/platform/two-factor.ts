// Two-factor sign-in for platform admins: TOTP (RFC 6238, otpauth), enrolled
// with a QR code and confirmed with a first code; ten one-time recovery codes
// shown once and stored as sha256 hashes; the TOTP secret sealed by the
// keyring. A code is accepted once: the last time step used is kept and only a
// later one passes, whichever process checks it.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import * as OTPAuth from "otpauth";
import QRCode from "qrcode";
import { landlord } from "../db/landlord";
import { AppError } from "../errors";
import { openText, seal } from "../keyring";
import { describeWait } from "../rate-limit";
import { type Actor, audit } from "./audit";
import { accountKey, admitAttempt, recordFailedCheck } from "./sign-in-throttle";

const ISSUER = "Election Platform";
const PERIOD = 30;
const RECOVERY_CODES = 10;

/** Where a TOTP secret is bound (lib/keyring.ts). */
export const totpSecretContext = (userId: bigint | string) => `users.totp_secret:${userId}`;
const context = totpSecretContext;
const hashCode = (code: string) => createHash("sha256").update(code.replace(/[\s-]/g, "").toLowerCase()).digest("hex");

function totp(secret: OTPAuth.Secret, label: string) {
  return new OTPAuth.TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: PERIOD, secret });
}

export interface Enrolment {
  uri: string;
  /** An SVG of the QR code, for an <img src="data:…">. */
  qrSvg: string;
  /** The secret in base32, for typing into an authenticator by hand. */
  secret: string;
}

/** Starts (or restarts) enrolment: a new secret, kept sealed and not yet in force. */
export async function startTotpEnrolment(userId: bigint, email: string): Promise<Enrolment> {
  const user = await landlord().user.findUniqueOrThrow({ where: { id: userId }, select: { totpEnabledAt: true } });
  if (user.totpEnabledAt) throw new AppError("INVALID_STATE", "Two-factor sign-in is already on for this account.");
  const secret = new OTPAuth.Secret({ size: 20 });
  await landlord().user.update({
    where: { id: userId },
    data: { totpSecret: seal(secret.base32, context(userId)), totpLastStep: null },
  });
  const uri = totp(secret, email).toString();
  return { uri, qrSvg: await QRCode.toString(uri, { type: "svg", margin: 1 }), secret: secret.base32 };
}

/** The time step a code belongs to (±1 step of clock drift), or null when it is wrong. */
function matchingStep(sealed: string, userId: bigint, code: string): number | null {
  const token = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const secret = OTPAuth.Secret.fromBase32(openText(sealed, context(userId)));
  const delta = totp(secret, "").validate({ token, window: 1 });
  return delta === null ? null : Math.floor(Date.now() / 1000 / PERIOD) + delta;
}

/** Accepts `code` once: only a step later than the last one used passes (atomic, across processes). */
async function consumeStep(userId: bigint, step: number): Promise<boolean> {
  const changed = await landlord().$executeRaw`
    UPDATE users SET totp_last_step = ${step}
    WHERE id = ${userId} AND (totp_last_step IS NULL OR totp_last_step < ${step})`;
  return changed === 1;
}

/**
 * Confirms enrolment with a first code (throttled and audited like a sign-in);
 * returns the recovery codes, shown this once.
 */
export async function confirmTotpEnrolment(userId: bigint, code: string, actor: Actor): Promise<string[]> {
  const user = await landlord().user.findUniqueOrThrow({ where: { id: userId } });
  if (user.totpEnabledAt) throw new AppError("INVALID_STATE", "Two-factor sign-in is already on for this account.");
  if (!user.totpSecret) throw new AppError("INVALID_STATE", "Start enrolment first.");
  const account = accountKey("platform", user.email);
  const admission = await admitAttempt(account, actor.ip ?? "unknown", undefined, { signedIn: true });
  if (!admission.allowed) {
    throw new AppError("RATE_LIMITED", `Too many attempts. Try again in ${describeWait(admission.retryAfterSeconds)}.`);
  }
  const step = matchingStep(user.totpSecret, userId, code);
  if (step === null || !(await consumeStep(userId, step))) {
    await recordFailedCheck({
      account,
      actor,
      action: "auth.code_failed",
      context: { realm: "platform", email: user.email, reason: "enrolment_code" },
    });
    throw new AppError(
      "INVALID_INPUT",
      "That code is not right. Enter the 6-digit code your authenticator shows now.",
      {
        fieldErrors: { code: ["That code is not right."] },
      },
    );
  }
  const codes = await replaceRecoveryCodes(userId);
  await landlord().user.update({ where: { id: userId }, data: { totpEnabledAt: new Date() } });
  await audit({ actor, action: "admin.two_factor_enabled", context: { email: user.email } });
  return codes;
}

/** Ten new recovery codes (the old ones stop working); shown once, kept hashed. */
export async function replaceRecoveryCodes(userId: bigint): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODES }, () => {
    const raw = randomBytes(5).toString("hex");
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  await landlord().$transaction([
    landlord().recoveryCode.deleteMany({ where: { userId } }),
    landlord().recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashCode(code) })) }),
  ]);
  return codes;
}

export type SecondFactor = "totp" | "recovery";

/** Checks a TOTP code or a recovery code for a signed-in attempt; each works once. */
export async function checkSecondFactor(userId: bigint, code: string): Promise<SecondFactor | null> {
  const user = await landlord().user.findUnique({
    where: { id: userId },
    select: { totpSecret: true, totpEnabledAt: true },
  });
  if (!user?.totpEnabledAt || !user.totpSecret) return null;
  const step = matchingStep(user.totpSecret, userId, code);
  if (step !== null) return (await consumeStep(userId, step)) ? "totp" : null;
  const used = await landlord().recoveryCode.updateMany({
    where: { userId, codeHash: hashCode(code), usedAt: null },
    data: { usedAt: new Date() },
  });
  return used.count === 1 ? "recovery" : null;
}

/** Turns two-factor off (the admin themselves, an owner, or the operator): secret and codes go. */
export async function resetTwoFactor(userId: bigint): Promise<void> {
  await landlord().$transaction([
    landlord().recoveryCode.deleteMany({ where: { userId } }),
    landlord().user.update({
      where: { id: userId },
      data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null },
    }),
  ]);
}

/** For tests and the operator's tools: the code an authenticator would show now. */
export function currentTotpCode(sealed: string, userId: bigint, at = Date.now()): string {
  return totp(OTPAuth.Secret.fromBase32(openText(sealed, context(userId))), "").generate({ timestamp: at });
}
