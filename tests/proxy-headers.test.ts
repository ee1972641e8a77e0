// Every page gets a Content-Security-Policy with a nonce of its own request,
// on the response (the browser enforces it) and on the request (Next puts the
// nonce on its scripts), and the other security headers; HSTS in production only.
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { proxy } from "@/proxy";

// SPEC.md's production (APP_URL https on a real host) is lib/env.ts's to decide; the tests choose it.
const production = vi.hoisted(() => ({ value: false }));
vi.mock("@/lib/env", async (original) => {
  const real = await original<typeof import("@/lib/env")>();
  return { ...real, env: () => ({ ...real.env(), production: production.value }) };
});

afterEach(() => {
  production.value = false;
});

const run = (path: string) => proxy(new NextRequest(new URL(path, "http://localhost:3000")));

function nonceOf(csp: string | null): string {
  const match = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp ?? "");
  if (!match?.[1]) throw new Error(`no nonce in ${csp}`);
  return match[1];
}

const PAGES = ["/", "/apply", "/admin/login", "/admin/outbox/1", "/acme", "/acme/login", "/setup-password/x"];

describe("the proxy's security headers", () => {
  it("gives every page a nonce-based CSP, also on the request Next renders", () => {
    for (const path of PAGES) {
      const response = run(path);
      const csp = response.headers.get("content-security-policy");
      const nonce = nonceOf(csp);
      expect(csp, path).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
      for (const directive of [
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "style-src 'self' 'unsafe-inline'",
      ])
        expect(csp, path).toContain(directive);
      expect(csp, path).not.toContain("unsafe-eval"); // NODE_ENV is "test" here, not "development"
      // What NextResponse.next({ request }) hands on to the page's rendering.
      expect(response.headers.get("x-middleware-request-content-security-policy"), path).toBe(csp);
      expect(response.headers.get("x-middleware-request-x-nonce"), path).toBe(nonce);
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("x-frame-options"), path).toBe("DENY");
      expect(response.headers.get("strict-transport-security"), path).toBeNull();
    }
  });

  it("makes a new nonce for every request", () => {
    const nonces = Array.from({ length: 20 }, () => nonceOf(run("/acme/login").headers.get("content-security-policy")));
    expect(new Set(nonces).size).toBe(20);
  });

  it("sends the origin only across sites, and no referrer at all from a setup link, which it keeps out of caches", () => {
    expect(run("/acme/login").headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(run("/apply").headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    const setup = run("/setup-password/abc");
    expect(setup.headers.get("referrer-policy")).toBe("no-referrer");
    expect(setup.headers.get("cache-control")).toBe("no-store");
    expect(run("/apply").headers.get("cache-control")).toBeNull();
  });

  it("sends HSTS, and upgrades insecure requests, in production only", () => {
    production.value = true;
    const response = run("/acme/login");
    expect(response.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    expect(response.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });

  it("still sends a tenant address with capitals to its lower-case form", () => {
    const response = run("/Acme/login");
    expect(response.status).toBe(308);
    expect(response.headers.get("location")).toBe("http://localhost:3000/acme/login");
  });
});
