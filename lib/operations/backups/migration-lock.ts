// A restore holds the tenant database's migration lock (the one the migration
// runner takes, lib/db/migrator.ts) while it swaps the database, so a
// `tenants migrate` that started before the restore's maintenance hold is
// finished first, and none starts on the old database meanwhile.
import "server-only";
import { migrationLockName } from "../../db/migrator";
import { connect, type ServerConfig } from "../../db/server";
import { AppError } from "../../errors";

const WAIT_SECONDS = 60;

export async function holdingMigrationLock<T>(
  server: ServerConfig,
  database: string,
  work: () => Promise<T>,
): Promise<T> {
  const conn = await connect(server);
  conn.on("error", () => undefined);
  const lock = migrationLockName(database);
  try {
    const [row] = await conn.query("SELECT GET_LOCK(?, ?) AS got", [lock, WAIT_SECONDS]);
    if (Number(row?.got) !== 1) {
      throw new AppError(
        "CONFLICT",
        `A migration of ${database} has held its lock for over ${WAIT_SECONDS} s; try again later.`,
      );
    }
    try {
      return await work();
    } finally {
      await conn.query("SELECT RELEASE_LOCK(?)", [lock]).catch(() => undefined);
    }
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}
