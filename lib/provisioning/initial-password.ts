// The initial admin's password hash, prepared ahead of the step that needs it.
// bcrypt is the costliest CPU work of a run; a driver that knows a run is
// starting prepares it so it overlaps the database steps. A step that finds
// nothing prepared (another process, Inngest) simply hashes then.
import { env } from "../env";
import { hashPassword } from "../passwords";

const prepared = new Map<string, Promise<string>>();

export function prepareInitialPasswordHash(runId: string): void {
  if (prepared.has(runId)) return;
  const hash = hashPassword(env().INITIAL_ADMIN_PASSWORD);
  hash.catch(() => prepared.delete(runId));
  prepared.set(runId, hash);
}

export function initialPasswordHash(runId: string): Promise<string> {
  return prepared.get(runId) ?? hashPassword(env().INITIAL_ADMIN_PASSWORD);
}

export function forgetInitialPasswordHash(runId: string): void {
  prepared.delete(runId);
}
