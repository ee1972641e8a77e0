// `tenants restore <slug> [--backup ID|--file PATH] [--as NEW_SLUG] [--drop-previous]` and `tenants restore:drop-previous <slug>`.
import { dropPreviousDatabases } from "@/lib/operations/backups/drop-previous";
import { restoreTenant } from "@/lib/operations/backups/restore-tenant";
import { type Command, type Context, dir, dirOf, json, str } from "../command";
import { printJson, println } from "../output";

async function restore({ values, positionals: [slug = ""], io, actor }: Context): Promise<number> {
  const result = await restoreTenant(slug, {
    actor,
    backupId: str(values, "backup"),
    file: str(values, "file"),
    as: str(values, "as"),
    dropPrevious: Boolean(values["drop-previous"]),
    reason: str(values, "reason"),
    dir: dirOf(values),
  });
  if (values.json) {
    printJson(io.stdout, result);
    return 0;
  }
  const migrated = result.migrated.length > 0 ? `, then migrated forward (${result.migrated.join(", ")})` : "";
  if (str(values, "as")) {
    println(
      io.stdout,
      `Restored backup ${result.backupId} side by side as ${result.slug} (${result.database}, inactive)${migrated} in ${(result.durationMs / 1000).toFixed(1)} s.`,
    );
    return 0;
  }
  println(
    io.stdout,
    `Restored ${result.slug} from backup ${result.backupId} into ${result.database}${migrated}; it is the tenant's database now ` +
      `(${(result.durationMs / 1000).toFixed(1)} s).`,
  );
  println(
    io.stdout,
    result.droppedPrevious
      ? `The previous database ${result.previous} was dropped.`
      : `The previous database ${result.previous} is kept; drop it with \`tenants restore:drop-previous ${result.slug}\`.`,
  );
  return 0;
}

export const restoreCommand: Command = {
  options: {
    backup: { type: "string" },
    file: { type: "string" },
    as: { type: "string" },
    "drop-previous": { type: "boolean" },
    reason: { type: "string" },
    ...dir,
    ...json,
  },
  positionals: 1,
  run: restore,
};

async function dropPrevious({ positionals: [slug = ""], io, actor }: Context): Promise<number> {
  const dropped = await dropPreviousDatabases(slug, actor);
  println(
    io.stdout,
    dropped.length > 0 ? `Dropped ${dropped.join(", ")}.` : `Tenant ${slug} keeps no previous database.`,
  );
  return 0;
}

export const restoreDropPreviousCommand: Command = { options: {}, positionals: 1, run: dropPrevious };
