// Platform admins: the people who sign in at /admin/login.
import "server-only";
import { randomBytes } from "node:crypto";
import { landlord } from "../db/landlord";
import { isUniqueViolation } from "../db/unique-violation";
import { hashPassword, verifyAgainstDecoy, verifyPassword } from "../passwords";

export interface PlatformAdmin {
  id: string;
  email: string;
  name: string;
}

/** Checks an email and password; null for any mismatch, in the same time either way. */
export async function authenticatePlatformAdmin(email: string, password: string): Promise<PlatformAdmin | null> {
  const db = landlord();
  const user = await db.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    omit: { passwordHash: false },
  });
  if (!user) return verifyAgainstDecoy(password).then(() => null);
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { id: user.id.toString(), email: user.email, name: user.name };
}

export type EnsureAdminResult =
  | { created: false; email: string }
  | { created: true; email: string; generatedPassword?: string };

/**
 * Creates the first platform admin when there is none with this email. The
 * password comes from the caller, or is generated and returned to be printed once.
 */
export async function ensurePlatformAdmin(email: string, password?: string): Promise<EnsureAdminResult> {
  const db = landlord();
  const normalized = email.trim().toLowerCase();
  if (await db.user.findUnique({ where: { email: normalized }, select: { id: true } })) {
    return { created: false, email: normalized };
  }
  const generated = password ? undefined : randomBytes(12).toString("base64url");
  const passwordHash = await hashPassword(password ?? (generated as string));
  try {
    await db.user.create({ data: { email: normalized, name: "Platform admin", passwordHash } });
  } catch (error) {
    // Two starts at once: the other one created it.
    if (isUniqueViolation(error)) return { created: false, email: normalized };
    throw error;
  }
  return { created: true, email: normalized, generatedPassword: generated };
}
