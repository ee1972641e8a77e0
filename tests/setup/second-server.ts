// A second MariaDB server for the whole test run (vitest globalSetup), so
// placement, fleet commands across servers and moves are tested against two
// real servers: the installed mariadbd with a data directory of its own under
// .data/test-mariadb-<port>, on a port of its own, started once and stopped at the end. With
// TEST_SECOND_DATABASE_URL set, that server is used instead and left alone.
// Fails loudly when neither is possible: the tests that need two servers
// would otherwise pass for the wrong reason.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import mariadb from "mariadb";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    secondServerUrl: string;
  }
}

// One data directory per port: test runs at the same time (two terminals, or
// engineers sharing a machine) each get a server of their own and never stop another's.
const dirFor = (port: number) => path.resolve(`.data/test-mariadb-${port}`);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Claims a port no other run holds (a lock file naming this process) and nothing listens on. */
async function claimPort(from: number): Promise<{ port: number; lock: string }> {
  mkdirSync(path.resolve(".data"), { recursive: true });
  for (let port = from; port < from + 100; port++) {
    const lock = `${dirFor(port)}.lock`;
    try {
      writeFileSync(lock, String(process.pid), { flag: "wx" });
    } catch {
      const owner = Number(readFileSync(lock, "utf8"));
      if (owner && alive(owner)) continue;
      writeFileSync(lock, String(process.pid)); // left by a run that died
    }
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer().once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (free) return { port, lock };
    rmSync(lock, { force: true });
  }
  throw new Error(`No free port for the second test MariaDB server from ${from}.`);
}

async function answers(port: number): Promise<boolean> {
  try {
    const conn = await mariadb.createConnection({ host: "127.0.0.1", port, user: "root", connectTimeout: 1000 });
    await conn.end();
    return true;
  } catch {
    return false;
  }
}

export default async function setup(project: TestProject) {
  const given = process.env.TEST_SECOND_DATABASE_URL;
  if (given) {
    project.provide("secondServerUrl", given);
    return;
  }
  // Imported here: lib/db/local-server.ts knows how to find, initialize and start mariadbd.
  const { startLocalServer } = await import("../../lib/db/local-server");
  const { port, lock } = await claimPort(3317);
  const DIR = dirFor(port);
  const started = startLocalServer({ host: "127.0.0.1", port, user: "root", password: "" }, DIR);
  for (let i = 0; i < 120 && !(await answers(port)); i++) await sleep(250);
  if (!(await answers(port))) {
    const log = existsSync(started.log) ? readFileSync(started.log, "utf8").slice(-2000) : "(no log)";
    throw new Error(`The second test MariaDB server did not start on port ${port}:\n${log}`);
  }
  project.provide("secondServerUrl", `mysql://root@127.0.0.1:${port}/election_test`);

  return async () => {
    const pidFile = path.join(DIR, "mysqld.pid");
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8").trim()) : started.pid;
    if (pid) {
      try {
        process.kill(pid, "SIGTERM");
      } catch {
        return;
      }
      for (let i = 0; i < 80; i++) {
        try {
          process.kill(pid, 0);
          await sleep(250);
        } catch {
          break;
        }
      }
    }
    rmSync(path.join(DIR, "mysqld.sock"), { force: true });
    rmSync(lock, { force: true });
  };
}
