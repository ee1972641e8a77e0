// The portal's background job: periodic work (resuming abandoned provisioning
// runs, and later expiries, snapshots and backups) that exactly one portal
// process does at a time. The process that holds a MariaDB named lock
// (GET_LOCK, on a connection of its own) is the leader; the lock goes with the
// connection, so a leader that dies or loses its connection frees it at once
// and another process takes over within a tick.
import "server-only";
import type { Connection } from "mariadb";
import { connect, landlordDatabase } from "../db/server";
import { describeError } from "../errors";

export interface BackgroundJob {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

export interface BackgroundRunner {
  isLeader(): boolean;
  /** Runs every job that is due now (tests use this instead of waiting). */
  tick(): Promise<void>;
  /** Stops scheduling, waits for the job in hand, and frees the lock. */
  stop(): Promise<void>;
}

export interface RunnerOptions {
  /** How often to look for due jobs and, when not the leader, try the lock. */
  tickMs?: number;
  /** Not scheduled on a timer (tests call tick()). */
  manual?: boolean;
  log?: (line: string) => void;
}

export function backgroundLockName(): string {
  return `portal-background:${landlordDatabase().database}`.slice(0, 64);
}

export function startBackgroundJobs(jobs: BackgroundJob[], options: RunnerOptions = {}): BackgroundRunner {
  const log = options.log ?? ((line: string) => console.log(`[background] ${line}`));
  const tickMs = options.tickMs ?? Math.max(250, Math.min(...jobs.map((j) => j.everyMs), 5000));
  const lock = backgroundLockName();
  const lastRun = new Map<string, number>();
  let conn: Connection | undefined;
  let leader = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();

  const resign = async () => {
    if (leader) log("no longer the leader");
    leader = false;
    const old = conn;
    conn = undefined;
    await old?.end().catch(() => old.destroy());
  };

  async function holdLock(): Promise<boolean> {
    try {
      if (conn && leader) {
        // Still ours? A killed connection or a server restart takes the lock with it.
        const [row] = await conn.query("SELECT IS_USED_LOCK(?) = CONNECTION_ID() AS mine", [lock]);
        if (Number(row?.mine) === 1) return true;
        await resign();
      }
      if (!conn) {
        conn = await connect(landlordDatabase());
        // A connection killed from the server side errors out of band; the next tick notices.
        conn.on("error", () => undefined);
      }
      const [row] = await conn.query("SELECT GET_LOCK(?, 0) AS got", [lock]);
      leader = Number(row?.got) === 1;
      if (leader) log("this process runs the background jobs");
      else await resign();
      return leader;
    } catch (error) {
      log(`cannot hold the lock: ${describeError(error)}`);
      await resign();
      return false;
    }
  }

  async function runDue(): Promise<void> {
    if (stopped || !(await holdLock())) return;
    for (const job of jobs) {
      if (stopped) return;
      const now = Date.now();
      if (now - (lastRun.get(job.name) ?? 0) < job.everyMs) continue;
      lastRun.set(job.name, now);
      try {
        await job.run();
      } catch (error) {
        log(`${job.name} failed: ${describeError(error)}`);
      }
    }
  }

  const tick = () => {
    current = current.then(runDue);
    return current;
  };

  const schedule = () => {
    if (stopped || options.manual) return;
    timer = setTimeout(() => void tick().finally(schedule), tickMs);
    timer.unref();
  };
  schedule();

  return {
    isLeader: () => leader,
    tick,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
      if (conn && leader) await conn.query("SELECT RELEASE_LOCK(?)", [lock]).catch(() => undefined);
      await resign();
    },
  };
}
