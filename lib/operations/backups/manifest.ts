// A backup's manifest: the JSON file beside it (<file>.manifest.json) that
// says what the file holds and how to open it, so a file moved elsewhere with
// its manifest restores anywhere the keyring is: the tenant, the server, the
// migrations applied, every table with its row count and row hash, the sizes,
// the SHA-256 of the whole file, and the file's data key sealed by the keyring
// (with the id of the key). An HMAC under the data key covers everything else,
// so a manifest edited to pass for another tenant, or to match an altered
// file, does not open.
import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { AppError } from "../../errors";
import { open, sealedKeyId } from "../../keyring";

export const BACKUP_FORMAT = "tenant-portal-backup";
/** The version this code writes and the newest it reads. */
export const FORMAT_VERSION = 1;

export interface ManifestTable {
  name: string;
  rows: number;
  sha256: string;
  sqlBytes: number;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  id: string;
  kind: "tenant" | "landlord";
  tenant: { id: string; numericId: string; slug: string; name: string } | null;
  database: string;
  server: string;
  serverVersion: string;
  migrations: { applied: string[] };
  tables: ManifestTable[];
  rowCount: number;
  sizes: { sqlBytes: number; fileBytes: number };
  createdAt: string;
  finishedAt: string;
  file: { name: string; sha256: string };
  compression: "gzip";
  encryption: { algorithm: "AES-256-GCM"; recordBytes: number; keyId: string; dataKey: string };
  mac?: string;
}

/** Where a backup's data key is bound (the keyring's associated data). */
export function dataKeyContext(backupId: string): string {
  return `tenant_backups.data_key:${backupId}`;
}

// JSON with sorted keys: the MAC must not depend on how the file was formatted.
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function macOf(manifest: BackupManifest, dataKey: Buffer): string {
  const { mac: _mac, ...body } = manifest;
  return createHmac("sha256", dataKey).update(canonical(body)).digest("hex");
}

export function signManifest(manifest: BackupManifest, dataKey: Buffer): BackupManifest {
  return { ...manifest, mac: macOf(manifest, dataKey) };
}

export function keyIdOf(sealedDataKey: string): string {
  return sealedKeyId(sealedDataKey);
}

function unreadable(detail: string): AppError {
  return new AppError("INVALID_INPUT", `The backup's manifest is not usable: ${detail}.`);
}

/**
 * Parses a manifest, refuses another format or a newer version, opens its data
 * key with the keyring and checks its MAC. Returns the manifest and the key.
 * `sealedKey` is the landlord row's copy of the data key, when there is a row:
 * `keys:rotate` re-seals that copy, not the one in a manifest file.
 */
export function openManifest(text: string, sealedKey?: string | null): { manifest: BackupManifest; dataKey: Buffer } {
  let parsed: BackupManifest;
  try {
    parsed = JSON.parse(text) as BackupManifest;
  } catch {
    throw unreadable("it is not JSON");
  }
  if (parsed?.format !== BACKUP_FORMAT) throw unreadable(`it is not a ${BACKUP_FORMAT} manifest`);
  if (typeof parsed.formatVersion !== "number" || parsed.formatVersion > FORMAT_VERSION) {
    throw unreadable(
      `it is format version ${String(parsed.formatVersion)}, written by a newer portal; this one reads up to ${FORMAT_VERSION}`,
    );
  }
  if (
    typeof parsed.id !== "string" ||
    typeof parsed.encryption?.dataKey !== "string" ||
    !Array.isArray(parsed.tables)
  ) {
    throw unreadable("fields are missing");
  }
  const dataKey = open(sealedKey ?? parsed.encryption.dataKey, dataKeyContext(parsed.id));
  const expected = Buffer.from(macOf(parsed, dataKey), "hex");
  const given = Buffer.from(typeof parsed.mac === "string" ? parsed.mac : "", "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw unreadable("its contents were changed after it was written (the MAC does not match)");
  }
  return { manifest: parsed, dataKey };
}
