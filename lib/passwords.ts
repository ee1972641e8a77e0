// Password hashing, one place: bcrypt (bcryptjs) at the configured cost, on
// worker threads so it never blocks the event loop.
import "server-only";
import { compareInWorker, hashInWorker } from "./bcrypt-workers";
import { env } from "./env";

export function hashPassword(password: string): Promise<string> {
  return hashInWorker(password, env().BCRYPT_COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return compareInWorker(password, hash);
}

// Compared against when the account does not exist, so a miss costs the same
// time as a wrong password and timing reveals nothing.
let decoy: Promise<string> | undefined;

export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoy ??= hashPassword("decoy password, never valid");
  await compareInWorker(password, await decoy);
  return false;
}
