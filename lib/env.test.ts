import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES, isProductionUrl, parseEnv } from "./env";

// What production needs set (lib/env.ts): a session secret and the keyring.
const DEPLOYED_SECRETS = { AUTH_SECRET: "x".repeat(32), ENCRYPTION_KEYS: `k1:${"A".repeat(43)}=` };

describe("configuration", () => {
  it("works with nothing set, with the spec's defaults", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBe("mysql://root@127.0.0.1:3306/election");
    expect(env.PORT).toBe(3000);
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.WORKFLOW_DRIVER).toBe("inline");
    expect(env.INITIAL_ADMIN_PASSWORD).toBeUndefined();
    expect(env.PLATFORM_ADMIN_EMAIL).toBe("admin@example.com");
  });

  it("chooses the Inngest driver when Inngest is configured, unless told otherwise", () => {
    expect(parseEnv({ INNGEST_EVENT_KEY: "k" }).WORKFLOW_DRIVER).toBe("inngest");
    expect(parseEnv({ INNGEST_DEV: "1" }).WORKFLOW_DRIVER).toBe("inngest");
    expect(parseEnv({ INNGEST_DEV: "1", WORKFLOW_DRIVER: "inline" }).WORKFLOW_DRIVER).toBe("inline");
  });

  it("derives APP_URL from PORT and drops a trailing slash", () => {
    expect(parseEnv({ PORT: "4000" }).APP_URL).toBe("http://localhost:4000");
    expect(parseEnv({ APP_URL: "https://vote.example.org/", ...DEPLOYED_SECRETS }).APP_URL).toBe(
      "https://vote.example.org",
    );
  });

  it.each([
    ["DATABASE_URL", "postgres://localhost/db", /DATABASE_URL must look like mysql:\/\//],
    ["DATABASE_URL", "not a url", /DATABASE_URL/],
    ["TENANT_DATABASE_URL", "http://x", /TENANT_DATABASE_URL/],
    ["PORT", "eighty", /PORT/],
    ["APP_URL", "localhost:3000", /APP_URL/],
    ["WORKFLOW_DRIVER", "queue", /WORKFLOW_DRIVER/],
    ["PLATFORM_ADMIN_EMAIL", "admin", /PLATFORM_ADMIN_EMAIL/],
    ["PLATFORM_ADMIN_PASSWORD", "short", /PLATFORM_ADMIN_PASSWORD.*\*\*\*/],
  ])("stops on a malformed %s with one line naming it", (name, value, message) => {
    let error: Error | undefined;
    try {
      parseEnv({ [name]: value });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain("\n");
  });

  it("never prints a password from a database URL", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://u:hunter2@/" })).toThrow(/u:\*\*\*@/);
  });

  it("requires a real AUTH_SECRET in production", () => {
    const deployed = { APP_URL: "https://vote.example.org" };
    expect(() => parseEnv(deployed)).toThrow(/AUTH_SECRET/);
    expect(parseEnv({ ...deployed, ...DEPLOYED_SECRETS }).production).toBe(true);
    // NODE_ENV does not make a laptop production: `npm start` sets it for Next.
    expect(parseEnv({ NODE_ENV: "production" }).production).toBe(false);
  });

  it("is production only for an https address that is not this machine", () => {
    expect(isProductionUrl("https://vote.example.org")).toBe(true);
    for (const local of [
      "http://vote.example.org",
      "https://localhost:3000",
      "https://127.0.0.1",
      "https://[::1]:8443",
      "https://portal.localhost",
    ]) {
      expect(isProductionUrl(local)).toBe(false);
    }
  });

  it("lists every variable in .env.example (but NODE_ENV and next-auth's own, which tools set)", () => {
    const listed = new Set(
      readFileSync(".env.example", "utf8")
        .split("\n")
        .map((line) => /^([A-Z0-9_]+)=/.exec(line)?.[1])
        .filter(Boolean),
    );
    const missing = CONFIG_VARIABLES.filter(
      (name) => !listed.has(name) && !["NODE_ENV", "NEXTAUTH_URL"].includes(name),
    );
    expect(missing).toEqual([]);
  });
});
