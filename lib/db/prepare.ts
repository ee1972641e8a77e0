// Gets the landlord database ready: reach the server (or start a local one),
// create the database if needed, apply its migrations.
import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { AppError } from "../errors";
import { INSTALL_HELP, isLocal, startLocalServer } from "./local-server";
import { LANDLORD_MIGRATIONS, type MigrateResult, migrate } from "./migrator";
import { connect, landlordDatabase, type ServerConfig } from "./server";

export interface PrepareOptions {
  /** Where a project-local server keeps its data. */
  localDataDir?: string;
  log?: (line: string) => void;
}

async function answers(server: ServerConfig): Promise<"yes" | "refused" | Error> {
  try {
    const conn = await connect(server);
    await conn.end();
    return "yes";
  } catch (error) {
    const cause = (error as { message?: string }).message ?? "";
    return /ECONNREFUSED|connect ENOENT|EADDRNOTAVAIL/.test(cause) ? "refused" : (error as Error);
  }
}

export async function waitForServer(server: ServerConfig, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if ((await answers(server)) === "yes") return true;
    await sleep(250);
  }
  return false;
}

export async function prepareLandlordDatabase(options: PrepareOptions = {}): Promise<MigrateResult> {
  const log = options.log ?? (() => undefined);
  const { database, ...server } = landlordDatabase();
  const state = await answers(server);
  if (state instanceof Error) throw state;
  if (state === "refused") {
    if (!isLocal(server)) {
      throw new AppError(
        "UNAVAILABLE",
        `Nothing answers at ${server.host}:${server.port} (DATABASE_URL). Start that server or change DATABASE_URL.`,
      );
    }
    const dataDir = options.localDataDir ?? ".data/mysql";
    log(
      `No database server answers on ${server.host}:${server.port}; starting a project-local one (data in ${dataDir}).`,
    );
    const started = startLocalServer(server, dataDir);
    if (!(await waitForServer(server, 60_000))) {
      throw new AppError(
        "UNAVAILABLE",
        `The local database server did not come up; see ${started.log}.\n${INSTALL_HELP}`,
      );
    }
  }
  const result = await migrate({ server, database, dir: LANDLORD_MIGRATIONS, create: true });
  log(
    result.applied.length > 0
      ? `Landlord database ${database}: applied ${result.applied.join(", ")}.`
      : `Landlord database ${database}: up to date.`,
  );
  return result;
}
