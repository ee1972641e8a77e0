// The initial admin's password hash, prepared ahead of the step that needs it.
// bcrypt is the costliest CPU work of a run (on a worker thread); starting it
// when the run is approved lets it overlap the database steps. Keyed by
// application: it has at most one run going. A step that finds nothing
// prepared (another process, Inngest) simply hashes then.
import "server-only";
import { env } from "../env";
import { hashPassword } from "../passwords";

const prepared = new Map<string, Promise<string>>();

export function prepareInitialPasswordHash(applicationId: string): void {
  if (prepared.has(applicationId)) return;
  const hash = hashPassword(env().INITIAL_ADMIN_PASSWORD);
  hash.catch(() => prepared.delete(applicationId));
  prepared.set(applicationId, hash);
}

export function initialPasswordHash(applicationId: string): Promise<string> {
  return prepared.get(applicationId) ?? hashPassword(env().INITIAL_ADMIN_PASSWORD);
}

export function forgetInitialPasswordHash(applicationId: string): void {
  prepared.delete(applicationId);
}
