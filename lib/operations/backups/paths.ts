// Where backup files live: BACKUP_DIR, one folder per tenant (its slug) and
// `_landlord` for the landlord database (no slug can start with "_"). A path
// given on the command line is resolved inside BACKUP_DIR and may not leave it
// (`..`, an absolute path, a symbolic link out); only `--file` names a file
// anywhere, on purpose.
import "server-only";
import { realpathSync } from "node:fs";
import path from "node:path";
import { env } from "../../env";
import { AppError } from "../../errors";

export const LANDLORD_FOLDER = "_landlord";
const DEVELOPMENT_DIR = ".data/backups";

/** The absolute backup folder. Production refuses the development default, which lives in the checkout. */
export function backupRoot(): string {
  const config = env();
  if (!config.BACKUP_DIR && config.production) {
    throw new AppError(
      "CONFIG",
      `Configuration error: BACKUP_DIR must be set in production (APP_URL is ${config.APP_URL}), on storage that outlives this host; the default ${DEVELOPMENT_DIR} is inside the checkout.`,
    );
  }
  return path.resolve(config.BACKUP_DIR ?? DEVELOPMENT_DIR);
}

/** A backup's file name: when it was started, and its id (sortable, unique). */
export function backupFileName(startedAt: Date, id: string): string {
  return `${startedAt.toISOString().replace(/[:.]/g, "-")}-${id}.sql.gz.aes`;
}

export function manifestPathOf(file: string): string {
  return `${file}.manifest.json`;
}

export function partialPathOf(file: string): string {
  return `${file}.partial`;
}

/** The path a row stores: relative to BACKUP_DIR when inside it, absolute otherwise (a restored --file). */
export function storedPath(absolute: string): string {
  const root = backupRoot();
  const relative = path.relative(root, absolute);
  return relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative;
}

/** The absolute path of a row's file. */
export function absolutePath(stored: string): string {
  return path.isAbsolute(stored) ? stored : insideRoot(stored);
}

/** Resolves a path given relative to BACKUP_DIR; refuses one that leads outside it. */
export function insideRoot(relative: string): string {
  const root = backupRoot();
  const resolved = path.resolve(root, relative);
  const outside = new AppError(
    "INVALID_INPUT",
    `"${relative}" is outside BACKUP_DIR (${root}); give a file elsewhere with --file.`,
  );
  if (path.isAbsolute(relative) || !isWithin(root, resolved)) throw outside;
  // A symbolic link inside the folder must not lead out of it either.
  const real = realOrSelf(resolved);
  if (!isWithin(realOrSelf(root), real)) throw outside;
  return resolved;
}

function isWithin(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

/** The real path of the nearest part of `file` that exists, with the rest appended (a file not written yet). */
function realOrSelf(file: string): string {
  let existing = file;
  let rest = "";
  for (;;) {
    try {
      return path.join(realpathSync(existing), rest);
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return file;
      rest = path.join(path.basename(existing), rest);
      existing = parent;
    }
  }
}
