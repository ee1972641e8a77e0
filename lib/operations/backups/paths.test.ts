import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { resetEnvCache } from "../../env";
import { absolutePath, backupRoot, insideRoot, storedPath } from "./paths";

const DEPLOYED = {
  APP_URL: "https://vote.example.org",
  AUTH_SECRET: "x".repeat(32),
  ENCRYPTION_KEYS: `k1:${"A".repeat(43)}=`,
};

function use(values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) vi.stubEnv(name, value);
  resetEnvCache();
}

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvCache();
});

describe("BACKUP_DIR", () => {
  it("defaults to .data/backups in the checkout, for development only: production refuses it", () => {
    use({ BACKUP_DIR: "" });
    expect(backupRoot()).toBe(path.resolve(".data/backups"));
    use({ ...DEPLOYED, BACKUP_DIR: "" });
    expect(() => backupRoot()).toThrow(/BACKUP_DIR must be set in production .* on storage that outlives this host/);
    use({ ...DEPLOYED, BACKUP_DIR: "/srv/backups" });
    expect(backupRoot()).toBe("/srv/backups");
  });

  it("keeps paths given on the command line inside it; a symbolic link out is refused too", () => {
    const root = mkdtempSync(path.join(tmpdir(), "paths-"));
    const elsewhere = mkdtempSync(path.join(tmpdir(), "elsewhere-"));
    try {
      use({ BACKUP_DIR: root });
      mkdirSync(path.join(root, "acme"));
      expect(insideRoot("acme/x.sql.gz.aes")).toBe(path.join(root, "acme/x.sql.gz.aes"));
      for (const bad of ["../x", "acme/../../x", "/etc/passwd", ".", ""]) {
        expect(() => insideRoot(bad), bad).toThrow(/is outside BACKUP_DIR/);
      }
      symlinkSync(elsewhere, path.join(root, "link"));
      expect(() => insideRoot("link/x.sql.gz.aes")).toThrow(/is outside BACKUP_DIR/);
      // Rows keep paths relative to BACKUP_DIR, and absolute ones for files elsewhere.
      expect(storedPath(path.join(root, "acme/y"))).toBe("acme/y");
      expect(storedPath(path.join(elsewhere, "z"))).toBe(path.join(elsewhere, "z"));
      expect(absolutePath("acme/y")).toBe(path.join(root, "acme/y"));
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
