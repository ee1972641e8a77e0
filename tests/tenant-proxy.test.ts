// The proxy canonicalizes and adds headers; it decides nothing about access.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";

const run = (path: string) => proxy(new NextRequest(new URL(path, "http://localhost:3000")));

describe("proxy", () => {
  it("sends a tenant address with capitals to its lower-case form, keeping the rest", () => {
    const response = run("/Acme-Votes/login?next=%2FAcme");
    expect(response.status).toBe(308);
    expect(response.headers.get("location")).toBe("http://localhost:3000/acme-votes/login?next=%2FAcme");
  });

  it("leaves lower-case tenant paths, reserved routes and non-slugs alone", () => {
    for (const path of ["/acme/login", "/acme", "/ADMIN/login", "/Apply", "/Not_A_Slug", "/"]) {
      const response = run(path);
      expect(response.headers.get("location"), path).toBeNull();
      expect(response.headers.get("x-middleware-next"), path).toBe("1");
    }
  });

  it("keeps setup tokens out of referrers and caches", () => {
    const response = run("/setup-password/abc");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});
