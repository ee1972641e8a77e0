import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, securityHeaders, staticHeaderRules } from "./security-headers";

const directives = (csp: string) => new Map(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("securityHeaders", () => {
  it("allows scripts only with the request's nonce, and locks down framing, plugins, base and forms", () => {
    const csp = directives(contentSecurityPolicy({ nonce: "abc123", production: false }));
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(csp.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'self'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.has("upgrade-insecure-requests")).toBe(false);
  });

  it("allows eval in development only", () => {
    expect(contentSecurityPolicy({ nonce: "n", production: false, development: true })).toContain(
      "script-src 'self' 'nonce-n' 'strict-dynamic' 'unsafe-eval';",
    );
    expect(contentSecurityPolicy({ nonce: "n", production: true })).not.toContain("unsafe-eval");
  });

  it("sends HSTS and upgrades requests in production only", () => {
    const production = securityHeaders({ nonce: "n", production: true });
    expect(production["Strict-Transport-Security"]).toBe("max-age=63072000; includeSubDomains");
    expect(production["Content-Security-Policy"]).toMatch(/; upgrade-insecure-requests$/);
    expect(securityHeaders({ nonce: "n", production: false })).not.toHaveProperty("Strict-Transport-Security");
  });

  it("keeps setup-link addresses out of referrers, and sends the rest only the origin across sites", () => {
    const base = { nonce: "n", production: false };
    expect(securityHeaders({ ...base, pathname: "/setup-password/abc" })["Referrer-Policy"]).toBe("no-referrer");
    expect(securityHeaders({ ...base, pathname: "/acme/join/abc" })["Referrer-Policy"]).toBe("no-referrer");
    expect(securityHeaders({ ...base, pathname: "/apply/status/abc" })["Referrer-Policy"]).toBe("no-referrer");
    expect(securityHeaders({ ...base, pathname: "/acme/reset-password/abc" })["Referrer-Policy"]).toBe("no-referrer");
    expect(securityHeaders({ ...base, pathname: "/acme/joined" })["Referrer-Policy"]).toBe(
      "strict-origin-when-cross-origin",
    );
    expect(securityHeaders({ ...base, pathname: "/acme/login" })["Referrer-Policy"]).toBe(
      "strict-origin-when-cross-origin",
    );
    expect(securityHeaders(base)).toMatchObject({ "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY" });
  });

  it("makes a new, base64 nonce of 16 random bytes each time", () => {
    const nonces = new Set(Array.from({ length: 50 }, newNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});

describe("staticHeaderRules (next.config.ts)", () => {
  // Next matches `source` with path-to-regexp; these regular expressions are what it builds from them.
  const matches = (source: string, path: string) => {
    const pattern = source.replace("/:path*", "(?:/.*)?").replace("/:slug/", "/[^/]+/");
    return new RegExp(`^${pattern}$`).test(path);
  };
  const referrer = (path: string) =>
    staticHeaderRules()
      .filter((rule) => matches(rule.source, path))
      .flatMap((rule) => rule.headers)
      .filter((h) => h.key === "Referrer-Policy")
      .map((h) => h.value);

  it("gives every response nosniff and DENY, and exactly one referrer policy", () => {
    const all = staticHeaderRules().find((rule) => rule.source === "/:path*");
    expect(all?.headers).toEqual([
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "X-Frame-Options", value: "DENY" },
    ]);
    expect(referrer("/api/health")).toEqual(["strict-origin-when-cross-origin"]);
    expect(referrer("/_next/static/chunks/app.js")).toEqual(["strict-origin-when-cross-origin"]);
    expect(referrer("/setup-passwordless")).toEqual(["strict-origin-when-cross-origin"]);
    expect(referrer("/setup-password/abc")).toEqual(["no-referrer"]);
    expect(referrer("/setup-password")).toEqual(["no-referrer"]);
    expect(referrer("/apply/confirm/abc")).toEqual(["no-referrer"]);
    expect(referrer("/admin/invite/abc")).toEqual(["no-referrer"]);
    expect(referrer("/acme/join/abc")).toEqual(["no-referrer"]);
    expect(referrer("/acme/joined")).toEqual(["strict-origin-when-cross-origin"]);
    expect(referrer("/acme/users")).toEqual(["strict-origin-when-cross-origin"]);
    expect(referrer("/apply/status/abc")).toEqual(["no-referrer"]);
    expect(referrer("/apply/statuses")).toEqual(["strict-origin-when-cross-origin"]);
    expect(referrer("/acme/reset-password/abc")).toEqual(["no-referrer"]);
    expect(referrer("/acme/forgot-password")).toEqual(["strict-origin-when-cross-origin"]);
    expect(referrer("/admin/invitations")).toEqual(["strict-origin-when-cross-origin"]);
    expect(referrer("/apply")).toEqual(["strict-origin-when-cross-origin"]);
  });
});
