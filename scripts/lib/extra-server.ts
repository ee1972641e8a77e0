// An extra MariaDB server of the project's own, for tests, benchmarks and the
// chaos run: the installed mariadbd with a data directory under
// .data/<prefix>-<port>, on a port no other run holds (a lock file naming its
// process), root with no password on 127.0.0.1. Started in about 5 s (the
// data directory is made once per port and kept). stop() ends it by the pid
// in its pid file, never by name; kill()/restart() are for fault injection.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import mariadb from "mariadb";
import { startLocalServer } from "@/lib/db/local-server";

export interface ExtraServer {
  port: number;
  /** mysql://root@127.0.0.1:<port>/<database> */
  url: (database?: string) => string;
  dir: string;
  /** Stops it (SIGTERM, waits) and releases its port. */
  stop: () => Promise<void>;
  /** Stops it without releasing the port (an outage); start() brings it back on the same port. */
  pause: () => Promise<void>;
  start: () => Promise<void>;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function portFree(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const server = net.createServer().once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Claims a port no other run holds (a lock file naming this process) and nothing listens on. */
async function claimPort(prefix: string, from: number): Promise<{ port: number; lock: string }> {
  mkdirSync(path.resolve(".data"), { recursive: true });
  for (let port = from; port < from + 200; port++) {
    const lock = path.resolve(`.data/${prefix}-${port}.lock`);
    try {
      writeFileSync(lock, String(process.pid), { flag: "wx" });
    } catch {
      const owner = Number(readFileSync(lock, "utf8"));
      if (owner && alive(owner)) continue;
      writeFileSync(lock, String(process.pid)); // left by a run that died
    }
    if (await portFree(port)) return { port, lock };
    rmSync(lock, { force: true });
  }
  throw new Error(`No free port for a ${prefix} MariaDB server from ${from}.`);
}

export async function answers(port: number): Promise<boolean> {
  try {
    const conn = await mariadb.createConnection({ host: "127.0.0.1", port, user: "root", connectTimeout: 1000 });
    await conn.end();
    return true;
  } catch {
    return false;
  }
}

export async function startExtraServer(prefix: string, from = 3317): Promise<ExtraServer> {
  const { port, lock } = await claimPort(prefix, from);
  const dir = path.resolve(`.data/${prefix}-${port}`);
  const pidFile = path.join(dir, "mysqld.pid");

  const start = async () => {
    const started = startLocalServer({ host: "127.0.0.1", port, user: "root", password: "" }, dir);
    for (let i = 0; i < 160 && !(await answers(port)); i++) await sleep(250);
    if (!(await answers(port))) {
      const log = existsSync(started.log) ? readFileSync(started.log, "utf8").slice(-2000) : "(no log)";
      throw new Error(`The ${prefix} MariaDB server did not start on port ${port}:\n${log}`);
    }
  };
  const pause = async () => {
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8").trim()) : 0;
    if (!pid || !alive(pid)) return;
    process.kill(pid, "SIGTERM");
    for (let i = 0; i < 120 && alive(pid); i++) await sleep(250);
    rmSync(path.join(dir, "mysqld.sock"), { force: true });
  };
  await start();
  return {
    port,
    dir,
    url: (database = "election_test") => `mysql://root@127.0.0.1:${port}/${database}`,
    start,
    pause,
    stop: async () => {
      await pause();
      rmSync(lock, { force: true });
    },
  };
}
