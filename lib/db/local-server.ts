// A project-local MariaDB/MySQL server for machines where none runs: its data
// lives under .data/mysql (git-ignored) and it listens only on the loopback
// address and port of DATABASE_URL.
import "server-only";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync } from "node:fs";
import path from "node:path";
import { AppError } from "../errors";
import type { ServerConfig } from "./server";

const SERVER_BINARIES = ["/usr/sbin/mariadbd", "/usr/sbin/mysqld", "/usr/local/bin/mariadbd", "/usr/local/bin/mysqld"];
const INSTALL_BINARIES = [
  "/usr/bin/mariadb-install-db",
  "/usr/bin/mysql_install_db",
  "/usr/local/bin/mariadb-install-db",
];

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

export function isLocal(server: ServerConfig): boolean {
  return LOCAL_HOSTS.has(server.host);
}

function findBinary(candidates: string[], name: string): string | undefined {
  const found = candidates.find((file) => existsSync(file));
  if (found) return found;
  const which = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
  return which.status === 0 ? which.stdout.trim() || undefined : undefined;
}

export const INSTALL_HELP = [
  "No MySQL or MariaDB server answers, and none is installed to start. Install and start one:",
  "  Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y mariadb-server && sudo service mariadb start",
  "  macOS:         brew install mariadb && brew services start mariadb",
  "or point DATABASE_URL at a server you have (mysql://user:password@host:3306/election).",
].join("\n");

/**
 * Starts a server with its data in `dataDir`, initializing it on first use
 * (root with no password, loopback only). Returns once it is started; the
 * caller waits for it to answer.
 */
export function startLocalServer(server: ServerConfig, dataDir: string): { pid: number | undefined; log: string } {
  const daemon = findBinary(SERVER_BINARIES, "mariadbd") ?? findBinary(SERVER_BINARIES, "mysqld");
  if (!daemon) throw new AppError("UNAVAILABLE", INSTALL_HELP);
  const root = path.resolve(dataDir);
  const data = path.join(root, "data");
  const log = path.join(root, "server.log");
  mkdirSync(root, { recursive: true });
  const asRoot = process.getuid?.() === 0 ? ["--user=root"] : [];

  if (!existsSync(path.join(data, "mysql"))) {
    const installer = findBinary(INSTALL_BINARIES, "mariadb-install-db");
    if (!installer) throw new AppError("UNAVAILABLE", INSTALL_HELP);
    const init = spawnSync(
      installer,
      ["--no-defaults", `--datadir=${data}`, "--auth-root-authentication-method=normal", "--skip-test-db", ...asRoot],
      { encoding: "utf8" },
    );
    if (init.status !== 0) {
      throw new AppError(
        "UNAVAILABLE",
        `Could not initialize a local database in ${data}: ${init.stderr || init.stdout}`,
      );
    }
  }

  const out = openSync(log, "a");
  const child = spawn(
    daemon,
    [
      "--no-defaults",
      `--datadir=${data}`,
      `--port=${server.port}`,
      "--bind-address=127.0.0.1",
      `--socket=${path.join(root, "mysqld.sock")}`,
      `--pid-file=${path.join(root, "mysqld.pid")}`,
      "--character-set-server=utf8mb4",
      "--collation-server=utf8mb4_unicode_ci",
      "--max-connections=500",
      ...asRoot,
    ],
    { detached: true, stdio: ["ignore", out, out] },
  );
  child.unref();
  return { pid: child.pid, log };
}
