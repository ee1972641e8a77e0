// The keyring: AES-256-GCM with key ids, each value bound to where it is kept,
// and rotation that re-seals every stored secret under the current key.
import { createElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { landlord } from "@/lib/db/landlord";
import { parseEnv, resetEnvCache } from "@/lib/env";
import { generateKey, open, openText, seal, sealedKeyId } from "@/lib/keyring";
import { openSecrets } from "@/lib/mail/secrets";
import { sendEmail } from "@/lib/mail/send";
import { rotateKeys } from "@/lib/operations/rotate-keys";
import { TEST_OPERATOR } from "./helpers/applications";

const OLD = generateKey("old");
const NEW = generateKey("new");

function useKeys(value: string) {
  vi.stubEnv("ENCRYPTION_KEYS", value);
  resetEnvCache();
}
afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvCache();
});

describe("sealing", () => {
  it("round-trips, names its key, and opens only where it was sealed", () => {
    useKeys(OLD);
    const sealed = seal("a secret", "table.column:1");
    expect(sealed).toMatch(/^v1:old:/);
    expect(sealed).not.toContain("a secret");
    expect(openText(sealed, "table.column:1")).toBe("a secret");
    expect(() => open(sealed, "table.column:2")).toThrow(/does not open/);
    const [v, id, iv, body] = sealed.split(":");
    const flipped = `${v}:${id}:${iv}:${(body as string).slice(0, -2)}${(body as string).endsWith("A") ? "B" : "A"}`;
    expect(() => open(flipped, "table.column:1")).toThrow(/does not open/);
    expect(seal("a secret", "table.column:1")).not.toBe(sealed); // a fresh IV every time
  });

  it("refuses a value whose key is no longer in the ring, with a message that says which", () => {
    useKeys(OLD);
    const sealed = seal("x", "c");
    useKeys(NEW);
    expect(() => open(sealed, "c")).toThrow(/key "old", which ENCRYPTION_KEYS no longer holds/);
  });

  it("validates ENCRYPTION_KEYS and requires it in production", () => {
    expect(() => parseEnv({ ENCRYPTION_KEYS: "k1:short" })).toThrow(/ENCRYPTION_KEYS must be a comma-separated list/);
    expect(parseEnv({ ENCRYPTION_KEYS: `${NEW},${OLD}` }).ENCRYPTION_KEYS).toBe(`${NEW},${OLD}`);
    const deployed = { APP_URL: "https://vote.example.org", AUTH_SECRET: "x".repeat(32) };
    expect(() => parseEnv(deployed)).toThrow(/ENCRYPTION_KEYS must be set in production/);
    expect(parseEnv({ ...deployed, ENCRYPTION_KEYS: NEW }).production).toBe(true);
  });
});

describe("keys:rotate", () => {
  it("re-seals every stored email secret under the current key; the old key can then go", async () => {
    useKeys(OLD);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const sent = await sendEmail({
        template: "test",
        to: `r${i}@example.org`,
        subject: "s",
        idempotencyKey: `rotate-test:${i}:${Date.now()}`,
        secrets: async () => ({ link: `https://example.org/t/${i}` }),
        react: (secret) => createElement("p", null, secret.link),
      });
      ids.push(sent.id);
    }
    useKeys(`${NEW},${OLD}`);
    const report = await rotateKeys(TEST_OPERATOR);
    expect(report.keyId).toBe("new");
    // Every sealed column is rotated (lib/operations/sealed-columns.ts); this test's values are the outbox's.
    expect(report.columns).toContainEqual({ table: "email_outbox", column: "secrets", resealed: expect.any(Number) });
    expect(report.columns[0]?.resealed).toBeGreaterThanOrEqual(3);
    useKeys(NEW); // the old key removed
    for (const [i, id] of ids.entries()) {
      const row = await landlord().emailOutbox.findUniqueOrThrow({ where: { id } });
      expect(sealedKeyId(row.secrets as string)).toBe("new");
      expect(openSecrets(id, row.secrets).link).toBe(`https://example.org/t/${i}`);
    }
    useKeys(`${NEW},${OLD}`);
    expect((await rotateKeys(TEST_OPERATOR)).columns[0]?.resealed).toBe(0); // nothing left to do
    expect(await landlord().auditLog.count({ where: { action: "keys.rotated" } })).toBe(2);
  });
});
