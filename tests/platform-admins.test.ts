import { describe, expect, it } from "vitest";
import { landlord } from "@/lib/db/landlord";
import { verifyPassword } from "@/lib/passwords";
import { authenticatePlatformAdmin, ensurePlatformAdmin } from "@/lib/platform/admins";

describe("platform admins", () => {
  it("creates the first admin with a generated password shown once, and never again", async () => {
    const first = await ensurePlatformAdmin("Root@Example.com");
    expect(first.created).toBe(true);
    const password = first.created ? first.generatedPassword : undefined;
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const again = await ensurePlatformAdmin("root@example.com");
    expect(again).toEqual({ created: false, email: "root@example.com" });

    const row = await landlord().user.findUniqueOrThrow({
      where: { email: "root@example.com" },
      omit: { passwordHash: false },
    });
    expect(await verifyPassword(password as string, row.passwordHash)).toBe(true);
  });

  it("uses the configured password and signs in with it; a wrong one or an unknown email gets null", async () => {
    await ensurePlatformAdmin("ops@example.com", "a long configured password");
    expect(await authenticatePlatformAdmin("OPS@example.com ", "a long configured password")).toMatchObject({
      email: "ops@example.com",
    });
    expect(await authenticatePlatformAdmin("ops@example.com", "wrong password")).toBeNull();
    expect(await authenticatePlatformAdmin("nobody@example.com", "a long configured password")).toBeNull();
  });

  it("creates one admin when two starts race", async () => {
    const results = await Promise.all([
      ensurePlatformAdmin("race@example.com"),
      ensurePlatformAdmin("race@example.com"),
    ]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await landlord().user.count({ where: { email: "race@example.com" } })).toBe(1);
  });

  it("never returns password hashes unless asked", async () => {
    await ensurePlatformAdmin("hash@example.com", "another long password");
    const row = await landlord().user.findUniqueOrThrow({ where: { email: "hash@example.com" } });
    expect(row).not.toHaveProperty("passwordHash");
  });
});
