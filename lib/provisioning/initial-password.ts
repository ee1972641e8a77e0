// The initial admin's password and its hash, prepared ahead of the step that
// needs them. bcrypt is the costliest CPU work of a run (on a worker thread);
// starting it when the run is approved lets it overlap the database steps.
// Keyed by application: it has at most one run going. Only memory holds the
// prepared password: the seed step seals it into the welcome email before the
// admin row exists, and a step that finds nothing prepared (another process,
// Inngest, a retry) takes the password from that email and hashes it then.
import "server-only";
import { hashPassword } from "../passwords";
import { newInitialPassword } from "../tenant-auth/initial-password";

interface Prepared {
  password: string;
  hash: Promise<string>;
}

const prepared = new Map<string, Prepared>();

export function prepareInitialPassword(applicationId: string): void {
  if (prepared.has(applicationId)) return;
  const password = newInitialPassword();
  const hash = hashPassword(password);
  hash.catch(() => prepared.delete(applicationId));
  prepared.set(applicationId, { password, hash });
}

export function preparedInitialPassword(applicationId: string): Prepared | undefined {
  return prepared.get(applicationId);
}

/** The hash of `password`: the prepared one when it is the same password, otherwise made now. */
export function initialPasswordHash(applicationId: string, password: string): Promise<string> {
  const ready = prepared.get(applicationId);
  return ready?.password === password ? ready.hash : hashPassword(password);
}

export function forgetInitialPassword(applicationId: string): void {
  prepared.delete(applicationId);
}
