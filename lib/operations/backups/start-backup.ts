// The console's "Back up now" and "Verify": a backup or a verification can
// take minutes, longer than a request should stay open, and the browser runs
// one Server Action at a time (a page refresh waits behind it too). So each is
// started here and awaited only for a moment: a small tenant's comes back
// finished, with its result; a big one goes on in this process, and the
// tenant's page lists it as running (its operation lock is held) and refreshes
// until it ends. Its outcome is recorded on the backup's row either way; the
// portal's shutdown waits for it (lib/lifecycle.ts), and a process killed
// meanwhile leaves a row that the next operation settles as interrupted.
import "server-only";
import { describeError } from "../../errors";
import { onShutdown } from "../../lifecycle";
import type { Actor } from "../../platform/audit";
import { backupTenant } from "./backup-tenant";
import { findTenantBackup } from "./records";
import type { BackupResult } from "./take-backup";
import { type VerifyResult, verifyBackup } from "./verify-backup";

/** How long the console waits before it lets the work go on by itself. */
export const CONSOLE_WAIT_MS = 3000;

export type Started<T> = { finished: true; result: T } | { finished: false };

// On globalThis, as lib/lifecycle.ts's hooks are: Next may load this module more than once.
const holder = globalThis as unknown as { consoleBackups?: Set<Promise<unknown>> };
holder.consoleBackups ??= new Set();
const running = holder.consoleBackups;
onShutdown("console backups", () => Promise.allSettled([...running]));

async function awaitBriefly<T>(work: Promise<T>, waitMs: number, what: string): Promise<Started<T>> {
  let gaveUp = false;
  const tracked: Promise<T> = work.finally(() => running.delete(tracked));
  running.add(tracked);
  tracked.catch((error: unknown) => {
    // Before the wait ended the caller gets the error; after it, only this line and the row tell.
    if (gaveUp) console.error(`[backups] ${what} failed after the console stopped waiting: ${describeError(error)}`);
  });
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<{ finished: false }>((resolve) => {
    timer = setTimeout(() => {
      gaveUp = true;
      resolve({ finished: false });
    }, waitMs);
  });
  try {
    return await Promise.race([tracked.then((result) => ({ finished: true as const, result })), waited]);
  } finally {
    clearTimeout(timer);
  }
}

export function startBackup(slug: string, options: { actor: Actor; waitMs?: number }): Promise<Started<BackupResult>> {
  return awaitBriefly(
    backupTenant(slug, { actor: options.actor, reason: "manual" }),
    options.waitMs ?? CONSOLE_WAIT_MS,
    `the backup of ${slug}`,
  );
}

/** Verifies one of this tenant's backups (another's, or the landlord's, is NOT_FOUND here). */
export async function startVerification(
  slug: string,
  backupId: string,
  options: { actor: Actor; waitMs?: number },
): Promise<Started<VerifyResult>> {
  const row = await findTenantBackup(slug, backupId);
  return awaitBriefly(
    verifyBackup(row.id, options.actor),
    options.waitMs ?? CONSOLE_WAIT_MS,
    `the verification of backup ${row.id}`,
  );
}
