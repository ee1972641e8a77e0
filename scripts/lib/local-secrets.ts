// Secrets a developer's machine makes for itself: when AUTH_SECRET or
// ENCRYPTION_KEYS is empty outside production, each is generated once into
// .data/ (readable by this user only) and used from there by `npm start`, the
// command line and the portal alike. In production both must be set (lib/env.ts).
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env, setEnv } from "@/lib/env";
import { generateKey } from "@/lib/keyring";

const DIR = ".data";

function kept(file: string, make: () => string, log: (line: string) => void, made: string): string {
  const full = path.join(DIR, file);
  if (!existsSync(full)) {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(full, make(), { mode: 0o600 });
    log(made);
  }
  return readFileSync(full, "utf8").trim();
}

export function ensureLocalSecrets(log: (line: string) => void = () => {}): void {
  const config = env();
  if (config.production) return;
  if (!config.AUTH_SECRET) {
    const secret = kept(
      "auth-secret",
      () => randomBytes(32).toString("base64url"),
      log,
      "Generated AUTH_SECRET into .data/auth-secret.",
    );
    setEnv({ AUTH_SECRET: secret });
  }
  if (!config.ENCRYPTION_KEYS) {
    const keys = kept(
      "encryption-keys",
      () => generateKey("local"),
      log,
      "Generated an encryption key into .data/encryption-keys (ENCRYPTION_KEYS was empty). Stored email secrets, " +
        "credentials and backups cannot be read without it: keep it, and set ENCRYPTION_KEYS in production.",
    );
    setEnv({ ENCRYPTION_KEYS: keys });
  }
}
