// Is the landlord database reachable and fully migrated? Used by /api/health
// and by the start-up script.
import "server-only";
import { errorMessage } from "../errors";
import { LANDLORD_MIGRATIONS, migrationStatus } from "./migrator";
import { landlordDatabase } from "./server";

export type Health = { ok: true; database: string } | { ok: false; database: string; reason: string };

export async function landlordHealth(): Promise<Health> {
  const { database, ...server } = landlordDatabase();
  try {
    const status = await migrationStatus(server, database, LANDLORD_MIGRATIONS);
    const problems = [
      status.failed.length > 0 && `failed migration ${status.failed.map((f) => f.name).join(", ")}`,
      status.changed.length > 0 && `changed migration ${status.changed.join(", ")}`,
      status.pending.length > 0 && `${status.pending.length} pending migration(s): ${status.pending.join(", ")}`,
    ].filter(Boolean);
    if (problems.length > 0)
      return { ok: false, database, reason: `Landlord database ${database}: ${problems.join("; ")}` };
    return { ok: true, database };
  } catch (error) {
    return { ok: false, database, reason: errorMessage(error) };
  }
}
