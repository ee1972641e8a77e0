// The keyring: every secret kept at rest (stored email secrets, TOTP secrets,
// database credentials, backups) is encrypted here, with AES-256-GCM under a
// key of ENCRYPTION_KEYS (`id:base64key,...`, the first one current). A sealed
// value carries the id of its key, so keys can be rotated: new values use the
// current key and `tenants keys:rotate` re-seals the old ones. Each value is
// bound to where it is kept (the associated data, e.g. "email_outbox.secrets:<id>"),
// so a sealed value copied to another row or column does not open there.
// No key is derived from AUTH_SECRET.
import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "./env";
import { AppError } from "./errors";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface Key {
  id: string;
  key: Buffer;
}

export interface Keyring {
  current: Key;
  byId: Map<string, Key>;
}

/** Parses `id:base64key,...`; the format is validated in lib/env.ts. */
export function parseKeyring(value: string): Keyring {
  const keys = value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [id = "", material = ""] = entry.split(":");
      return { id, key: Buffer.from(material, "base64") };
    });
  const [current] = keys;
  if (!current) throw noKeys();
  return { current, byId: new Map(keys.map((k) => [k.id, k])) };
}

function noKeys(): AppError {
  return new AppError(
    "CONFIG",
    "Configuration error: ENCRYPTION_KEYS is empty. Start the portal with `npm start` (it keeps a generated key in .data/) or set ENCRYPTION_KEYS=<id>:<32 random bytes, base64>.",
  );
}

let cached: { source: string; ring: Keyring } | undefined;

export function keyring(): Keyring {
  const source = env().ENCRYPTION_KEYS ?? "";
  if (!source) throw noKeys();
  if (cached?.source !== source) cached = { source, ring: parseKeyring(source) };
  return cached.ring;
}

/** A new key for ENCRYPTION_KEYS: `<id>:<base64>`. */
export function generateKey(id = `k${Date.now().toString(36)}`): string {
  return `${id}:${randomBytes(32).toString("base64")}`;
}

/** Seals `plaintext` under the current key, bound to `context`: `v1:<keyId>:<iv>:<ciphertext+tag>`. */
export function seal(plaintext: string | Buffer, context: string): string {
  const { current } = keyring();
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", current.key, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, current.id, iv.toString("base64url"), body.toString("base64url")].join(":");
}

/** Opens a sealed value; fails for a wrong context, a missing key or any tampering. */
export function open(sealed: string, context: string): Buffer {
  const [version, keyId = "", iv = "", body = ""] = sealed.split(":");
  if (version !== VERSION) throw new AppError("INVALID_INPUT", "Not a sealed value.");
  const key = keyring().byId.get(keyId);
  if (!key) {
    throw new AppError("CONFIG", `A value is sealed with key "${keyId}", which ENCRYPTION_KEYS no longer holds.`);
  }
  const data = Buffer.from(body, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new AppError("INVALID_INPUT", "A sealed value does not open: it was altered, or belongs elsewhere.");
  }
}

export function openText(sealed: string, context: string): string {
  return open(sealed, context).toString("utf8");
}

/** The id of the key a value is sealed with. */
export function sealedKeyId(sealed: string): string {
  return sealed.split(":")[1] ?? "";
}

/** Re-seals a value under the current key (unchanged when it already is). */
export function reseal(sealed: string, context: string): string {
  if (sealedKeyId(sealed) === keyring().current.id) return sealed;
  return seal(open(sealed, context), context);
}
