// A backup file on disk: SQL → gzip → sealed records (lib/sealed-stream.ts) →
// <file>.partial, hashed as it is written, flushed to disk and renamed into
// place only when complete, so a file under its final name is always whole.
// Reading is the reverse, after the whole file's SHA-256 was checked.
import "server-only";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { mkdir, open as openFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { type Readable, Transform, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import { AppError, describeError } from "../../errors";
import { openStream, sealStream } from "../../sealed-stream";
import { partialPathOf } from "./paths";

/** The file system calls a backup writes through: tests replace them to make a disk fill up. */
export const backupDisk = {
  createWriteStream: (file: string): Writable => fs.createWriteStream(file, { flags: "wx" }),
};

export interface WrittenFile {
  bytes: number;
  sha256: string;
}

/**
 * Writes `file` from what `produce` writes (plain SQL): compressed, sealed
 * under `dataKey`, hashed. Nothing is left under either name if it fails.
 */
export async function writeBackupFile<T>(
  file: string,
  dataKey: Buffer,
  produce: (write: (chunk: Buffer) => Promise<void>) => Promise<T>,
): Promise<{ result: T; written: WrittenFile }> {
  await mkdir(path.dirname(file), { recursive: true });
  const partial = partialPathOf(file);
  const hash = createHash("sha256");
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  // A deep buffer in front of gzip lets the database keep streaming while a batch is compressed.
  // (Stream options pass through zlib's constructor; its type does not list them.)
  const gzip = createGzip({ level: 6, ...({ writableHighWaterMark: 8 * 1024 * 1024 } as object) });
  const written = pipeline(gzip, sealStream(dataKey), tap, backupDisk.createWriteStream(partial));
  let failure: unknown;
  written.catch((error: unknown) => {
    failure ??= error;
  });
  const stopped = async () => {
    // Whatever broke the pipeline (a full disk) is what the writer reports.
    await written.catch(() => undefined);
    return failure ?? new Error("the backup file's stream closed early");
  };
  const write = async (chunk: Buffer) => {
    if (failure || gzip.destroyed) throw await stopped();
    if (!gzip.write(chunk)) {
      await new Promise<void>((resolve) => {
        const settle = () => {
          gzip.off("drain", settle);
          gzip.off("close", settle);
          resolve();
        };
        gzip.on("drain", settle);
        gzip.on("close", settle);
      });
    }
    if (failure || gzip.destroyed) throw await stopped();
  };
  try {
    const result = await produce(write);
    gzip.end();
    await written;
    await flushToDisk(partial);
    await rename(partial, file);
    return { result, written: { bytes, sha256: hash.digest("hex") } };
  } catch (error) {
    gzip.destroy();
    await written.catch(() => undefined);
    await rm(partial, { force: true });
    throw asDiskError(failure ?? error, file);
  }
}

async function flushToDisk(file: string): Promise<void> {
  const handle = await openFile(file, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function asDiskError(error: unknown, file: string): unknown {
  const code = (error as { code?: string } | null)?.code;
  if (code === "ENOSPC") {
    return new AppError("UNAVAILABLE", `The disk is full: could not write ${file} (ENOSPC). Nothing was kept.`);
  }
  if (code === "EACCES" || code === "EROFS" || code === "EEXIST") {
    return new AppError("UNAVAILABLE", `Could not write ${file}: ${describeError(error)}. Nothing was kept.`);
  }
  return error;
}

/** Writes a small file (a manifest) whole or not at all. */
export async function writeFileAtomically(file: string, text: string): Promise<void> {
  const partial = partialPathOf(file);
  try {
    await writeFile(partial, text, { flag: "w" });
    await flushToDisk(partial);
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw asDiskError(error, file);
  }
}

/** The SHA-256 and size of a file as it is on disk. */
export async function hashFile(file: string): Promise<WrittenFile> {
  const hash = createHash("sha256");
  let bytes = 0;
  try {
    for await (const chunk of fs.createReadStream(file)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") {
      throw new AppError("NOT_FOUND", `The backup file ${file} does not exist.`);
    }
    throw error;
  }
  return { bytes, sha256: hash.digest("hex") };
}

/** The plain SQL of a backup file: opened with its data key, decompressed. A damaged file errors the stream. */
export function readBackupSql(file: string, dataKey: Buffer): Readable {
  const gunzip = createGunzip();
  // pipeline() destroys gunzip with the first error, so whoever reads it gets that error.
  pipeline(fs.createReadStream(file, { highWaterMark: 1024 * 1024 }), openStream(dataKey), gunzip).catch(
    () => undefined,
  );
  return gunzip;
}
