// Password hashing, one place: bcrypt at the configured cost.
import bcrypt from "bcryptjs";
import { env } from "./env";

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, env().BCRYPT_COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// Compared against when the account does not exist, so a miss costs the same
// time as a wrong password and timing reveals nothing.
let decoy: Promise<string> | undefined;

export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoy ??= hashPassword("decoy password, never valid");
  await bcrypt.compare(password, await decoy);
  return false;
}
