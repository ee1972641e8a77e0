// Is the landlord database reachable and fully migrated? Two readers:
//   - landlordHealth(): the details, for the command line, over a connection
//     of its own (an unreachable server fails at once, not after a pool's wait);
//   - landlordAvailable(): yes or no, for /api/health, which anyone may call.
//     One check at a time, its result shared for a second by every request,
//     over the pooled landlord client: a flood of probes costs one check (two
//     short queries) a second and no new connection. What failed goes to the
//     log, once per change of state.
import "server-only";
import { errorMessage } from "../errors";
import { type LandlordClient, landlord } from "./landlord";
import {
  LANDLORD_MIGRATIONS,
  type MigrationRecord,
  type MigrationStatus,
  migrationStatus,
  readMigrations,
  statusOf,
} from "./migrator";
import { landlordDatabase } from "./server";

export type Health = { ok: true; database: string } | { ok: false; database: string; reason: string };

function migrationProblems(status: MigrationStatus): string[] {
  return [
    status.failed.length > 0 && `failed migration ${status.failed.map((f) => f.name).join(", ")}`,
    status.changed.length > 0 && `changed migration ${status.changed.join(", ")}`,
    status.pending.length > 0 && `${status.pending.length} pending migration(s): ${status.pending.join(", ")}`,
  ].filter((problem) => typeof problem === "string");
}

export async function landlordHealth(): Promise<Health> {
  const { database, ...server } = landlordDatabase();
  try {
    const problems = migrationProblems(await migrationStatus(server, database, LANDLORD_MIGRATIONS));
    if (problems.length > 0)
      return { ok: false, database, reason: `Landlord database ${database}: ${problems.join("; ")}` };
    return { ok: true, database };
  } catch (error) {
    return { ok: false, database, reason: errorMessage(error) };
  }
}

/** How long a result is reused, and how long a check may wait for the pool before it counts as a failure. */
const FRESH_MS = 1000;
const TIMEOUT_MS = 3000;

type Problem = { check: "reachable" | "migrations"; detail: string };
type Probe = { client: LandlordClient; result: Promise<Problem | null>; settledAt?: number };

let current: Probe | undefined;
let checks = 0;
let reported: "ok" | Problem["check"] | undefined;

/**
 * Whether the landlord database answers over the portal's pool and has every
 * migration applied. A check in flight is shared; a finished one is reused for
 * FRESH_MS. A new landlord client (after disconnectLandlord) starts afresh.
 */
export async function landlordAvailable(): Promise<boolean> {
  const client = landlord();
  let probe = current;
  const fresh = probe?.client === client && (probe.settledAt === undefined || Date.now() - probe.settledAt < FRESH_MS);
  if (!probe || !fresh) {
    const started: Probe = { client, result: check(client) };
    void started.result.then(() => {
      started.settledAt = Date.now();
    });
    current = probe = started;
  }
  return (await probe.result) === null;
}

/** How many checks this process has run (tests count them). */
export function healthChecksRun(): number {
  return checks;
}

async function check(client: LandlordClient): Promise<Problem | null> {
  checks += 1;
  let problem: Problem | null;
  try {
    const records = await withTimeout(appliedMigrations(client));
    const problems = migrationProblems(statusOf(await readMigrations(LANDLORD_MIGRATIONS), records));
    problem = problems.length > 0 ? { check: "migrations", detail: problems.join("; ") } : null;
  } catch (error) {
    problem = { check: "reachable", detail: errorMessage(error) };
  }
  // Logged on the side: a request never waits for the diagnosis.
  report(problem).catch((error: unknown) => console.error("[health] could not log the check", error));
  return problem;
}

/** The migration history; none when the table is not there yet (nothing applied). */
async function appliedMigrations(client: LandlordClient): Promise<MigrationRecord[]> {
  const table = await client.$queryRaw<unknown[]>`
    SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '_prisma_migrations'`;
  if (table.length === 0) return [];
  return client.$queryRaw<MigrationRecord[]>`
    SELECT id, migration_name, checksum, finished_at, rolled_back_at, logs
    FROM _prisma_migrations ORDER BY started_at, migration_name`;
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no connection from the pool within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Logs a change of state only. The pool's own error says little ("pool
 * timeout"), so a new failure to reach the server is diagnosed once over a
 * connection of its own, which names the cause (refused, access denied,
 * unknown database).
 */
async function report(problem: Problem | null): Promise<void> {
  const state = problem?.check ?? "ok";
  if (state === reported) return;
  const before = reported;
  reported = state;
  if (!problem) {
    if (before) console.info("[health] the landlord database is available again");
    return;
  }
  const diagnosis = problem.check === "reachable" ? await landlordHealth() : undefined;
  const cause = diagnosis && !diagnosis.ok ? ` (${diagnosis.reason})` : "";
  const detail = problem.detail.replace(/\s+/g, " ").trim();
  console.error(`[health] the landlord database is unavailable: the ${problem.check} check failed: ${detail}${cause}`);
}
