// A tenant in maintenance, as its people meet it: every page of its space
// answers 503 with Retry-After and the admin's message (the proxy sends page
// requests to the maintenance route handler), sign-in is paused with a clear
// message, open sessions do nothing meanwhile and work again afterwards; holds
// of every kind count, and one ending never ends another.
import { NextRequest } from "next/server";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import TenantHome from "@/app/[slug]/(signed-in)/page";
import { GET as maintenancePage } from "@/app/[slug]/maintenance/route";
import { tenantAction } from "@/lib/actions";
import { authOptions } from "@/lib/auth/options";
import { requireTenantSession } from "@/lib/auth/tenant";
import { landlord } from "@/lib/db/landlord";
import type { Tenant } from "@/lib/generated/landlord/client";
import { placeHold, releaseHold } from "@/lib/operations/maintenance";
import { endMaintenance, startMaintenance } from "@/lib/operations/tenant-maintenance";
import { DEFAULT_RETRY_AFTER_SECONDS, reloadHeldSlugs } from "@/lib/tenant-auth/maintenance";
import { signInTenantUser } from "@/lib/tenant-auth/sign-in";
import { signInErrorMessage } from "@/lib/tenant-auth/sign-in-messages";
import { proxy } from "@/proxy";
import { provisionTestTenant, TEST_ADMIN, uniqueSlug } from "./helpers/applications";
import { redirectOf, tenantSessionFor, withFixedInitialPassword } from "./helpers/tenant-auth";
import { boundary } from "./setup/request-boundary";

boundary.headers = new Headers({ "x-forwarded-for": "198.51.100.41", "user-agent": "vitest" });
withFixedInitialPassword();
const PASSWORD = "Start1234!";

let tenant: Tenant;
let email: string;
let ip = 0;
const request = () => ({ ip: `198.51.100.${100 + ++ip}`, userAgent: "vitest" });

const page = (slug: string, headers: Record<string, string> = {}) =>
  maintenancePage(new Request(`http://localhost/${slug}/maintenance`, { headers }), {
    params: Promise.resolve({ slug }),
  });

const viaProxy = (path: string, method = "GET") =>
  proxy(new NextRequest(new URL(path, "http://localhost:3000"), { method }));

const authorize = (credentials: Record<string, string>) => {
  const providers = authOptions().providers as unknown as {
    options: { id: string; authorize: (c: Record<string, string>) => Promise<unknown> };
  }[];
  const provider = providers.find((p) => p.options.id === "tenant");
  if (!provider) throw new Error("no tenant provider");
  return provider.options.authorize(credentials);
};

beforeAll(async () => {
  const provisioned = await provisionTestTenant({ slug: uniqueSlug("mnt") });
  tenant = provisioned.tenant;
  email = provisioned.application.contactEmail;
});

beforeEach(async () => {
  boundary.session = null;
  await landlord().rateLimitBucket.deleteMany();
});

describe("the maintenance page", () => {
  it("answers 503 with Retry-After until the end, and the admin's message, escaped", async () => {
    const until = new Date(Date.now() + 10 * 60_000);
    await startMaintenance(
      tenant.slug,
      { message: "New ballots <b>tonight</b> & more", endsAt: until, reason: "Upgrade" },
      TEST_ADMIN,
    );
    try {
      const response = await page(tenant.slug);
      expect(response.status).toBe(503);
      const retryAfter = Number(response.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(590);
      expect(retryAfter).toBeLessThanOrEqual(600);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("cache-control")).toBe("no-store");
      const html = await response.text();
      expect(html).toContain(`${tenant.name} is in maintenance`);
      expect(html).toContain("New ballots &lt;b&gt;tonight&lt;/b&gt; &amp; more");
      expect(html).not.toContain("<b>tonight</b>");
      expect(html).toContain(until.toISOString());
    } finally {
      await endMaintenance(tenant.slug, { reason: "done" }, TEST_ADMIN);
    }
  });

  it("uses the default Retry-After while a hold has no end, and counts a restore's hold too", async () => {
    const hold = await placeHold({ tenantId: tenant.id, kind: "restore", owner: "restore tenant_x" }, TEST_ADMIN);
    try {
      const response = await page(tenant.slug);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe(String(DEFAULT_RETRY_AFTER_SECONDS));
    } finally {
      await releaseHold(hold.id, TEST_ADMIN);
    }
  });

  it("outside maintenance sends a direct visit to the space, and a late proxy's request back in a moment", async () => {
    const direct = await page(tenant.slug);
    expect(direct.status).toBe(307);
    expect(direct.headers.get("location")).toBe(`/${tenant.slug}`);
    const late = await page(tenant.slug, { "x-maintenance-rewrite": "1" });
    expect(late.status).toBe(503);
    expect(late.headers.get("retry-after")).toBe("5");
    // A hold whose end has passed holds nothing.
    const expired = await placeHold(
      { tenantId: tenant.id, kind: "admin", owner: "x", endsAt: new Date(Date.now() - 1000) },
      TEST_ADMIN,
    );
    expect((await page(tenant.slug)).status).toBe(307);
    await releaseHold(expired.id, TEST_ADMIN);
    expect((await page("nope-nope")).status).toBe(307);
    expect((await page("Not_A_Slug")).status).toBe(404);
  });
});

describe("the proxy", () => {
  it("sends every page request of a space in maintenance to its maintenance page, and nothing else", async () => {
    await startMaintenance(tenant.slug, { message: "Back soon", reason: "Upgrade" }, TEST_ADMIN);
    try {
      for (const path of [`/${tenant.slug}`, `/${tenant.slug}/login`, `/${tenant.slug}/change-password?x=1`]) {
        const response = viaProxy(path);
        expect(response.headers.get("x-middleware-rewrite"), path).toBe(
          `http://localhost:3000/${tenant.slug}/maintenance`,
        );
        expect(response.headers.get("x-middleware-request-x-maintenance-rewrite"), path).toBe("1");
        expect(response.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
      }
      // A Server Action (a POST) reaches requireTenantSession, which answers it; other spaces are untouched.
      expect(viaProxy(`/${tenant.slug}/login`, "POST").headers.get("x-middleware-rewrite")).toBeNull();
      expect(viaProxy("/other-space/login").headers.get("x-middleware-rewrite")).toBeNull();
      expect(viaProxy("/admin/tenants").headers.get("x-middleware-rewrite")).toBeNull();
    } finally {
      await endMaintenance(tenant.slug, { reason: "done" }, TEST_ADMIN);
    }
    const after = viaProxy(`/${tenant.slug}/login`);
    expect(after.headers.get("x-middleware-rewrite")).toBeNull();
    expect(after.headers.get("x-middleware-next")).toBe("1");
  });

  it("sees a hold placed by another process within a couple of seconds, without ever waiting for the database", async () => {
    await reloadHeldSlugs();
    // Placed directly, as a restore in another process would: this process's list does not have it yet.
    const hold = await placeHold({ tenantId: tenant.id, kind: "move", owner: "move" }, TEST_ADMIN);
    try {
      expect(viaProxy(`/${tenant.slug}`).headers.get("x-middleware-rewrite")).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 2100));
      // Stale now: this request is answered from the old list and reloads it in the background.
      viaProxy(`/${tenant.slug}`);
      await reloadHeldSlugs();
      expect(viaProxy(`/${tenant.slug}`).headers.get("x-middleware-rewrite")).toContain("/maintenance");
    } finally {
      await releaseHold(hold.id, TEST_ADMIN);
      await reloadHeldSlugs();
    }
  });
});

describe("signing in and open sessions", () => {
  it("pause during maintenance with a clear message, and work again after it", async () => {
    const open = await tenantSessionFor(tenant.slug, email, PASSWORD, request().ip);
    await startMaintenance(tenant.slug, { message: "Counting votes", reason: "Recount" }, TEST_ADMIN);
    try {
      const refused = await signInTenantUser({ slug: tenant.slug, email, password: PASSWORD }, request());
      expect(refused).toMatchObject({ ok: false, reason: "maintenance" });
      await expect(authorize({ slug: tenant.slug, email, password: PASSWORD })).rejects.toThrow("maintenance");
      expect(signInErrorMessage("maintenance")).toMatch(/^This organization's space is in maintenance\./);
      const audited = await landlord().auditLog.findFirst({
        where: { tenantId: tenant.id, action: "auth.signin_failed" },
        orderBy: { id: "desc" },
      });
      expect(audited?.context).toMatchObject({ reason: "maintenance" });

      // The open session does nothing meanwhile, and is not ended.
      boundary.session = open.session;
      await expect(requireTenantSession(tenant.slug, { allowPendingPasswordChange: true })).rejects.toMatchObject({
        code: "UNAVAILABLE",
        details: { maintenance: true },
        message: expect.stringContaining("Counting votes"),
      });
      expect(
        await redirectOf(() =>
          TenantHome({ params: Promise.resolve({ slug: tenant.slug }), searchParams: Promise.resolve({}) }),
        ),
      ).toBe(`/${tenant.slug}/maintenance`);
      const act = tenantAction(null, z.object({}), async () => "done", { allowPendingPasswordChange: true });
      expect(await act(tenant.slug, {})).toMatchObject({ ok: false, code: "UNAVAILABLE" });
    } finally {
      await endMaintenance(tenant.slug, { reason: "Recount done" }, TEST_ADMIN);
    }
    await expect(requireTenantSession(tenant.slug, { allowPendingPasswordChange: true })).resolves.toBeTruthy();
    const back = await signInTenantUser({ slug: tenant.slug, email, password: PASSWORD }, request());
    expect(back.ok).toBe(true);
  });

  it("copies the last sign-in into the landlord, at most once a minute", async () => {
    await landlord().tenant.update({ where: { id: tenant.id }, data: { lastSignInAt: null } });
    expect((await signInTenantUser({ slug: tenant.slug, email, password: PASSWORD }, request())).ok).toBe(true);
    const first = (await landlord().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).lastSignInAt;
    expect(first).not.toBeNull();
    expect(Date.now() - (first?.getTime() ?? 0)).toBeLessThan(10_000);
    await landlord().rateLimitBucket.deleteMany();
    expect((await signInTenantUser({ slug: tenant.slug, email, password: PASSWORD }, request())).ok).toBe(true);
    expect((await landlord().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).lastSignInAt).toEqual(first);
    const old = new Date(Date.now() - 5 * 60_000);
    await landlord().tenant.update({ where: { id: tenant.id }, data: { lastSignInAt: old } });
    await landlord().rateLimitBucket.deleteMany();
    expect((await signInTenantUser({ slug: tenant.slug, email, password: PASSWORD }, request())).ok).toBe(true);
    const later = (await landlord().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).lastSignInAt;
    expect(later?.getTime()).toBeGreaterThan(old.getTime() + 60_000);
  });
});

describe("holds of different kinds", () => {
  it("keep the space in maintenance until the last one ends; ending the admin's leaves the restore's", async () => {
    const restore = await placeHold({ tenantId: tenant.id, kind: "restore", owner: "restore" }, TEST_ADMIN);
    await startMaintenance(tenant.slug, { message: "Two holds", reason: "Both" }, TEST_ADMIN);
    const result = await endMaintenance(tenant.slug, { reason: "Admin done" }, TEST_ADMIN);
    expect(result.remaining.map((h) => h.kind)).toEqual(["restore"]);
    expect((await page(tenant.slug)).status).toBe(503);
    expect((await signInTenantUser({ slug: tenant.slug, email, password: PASSWORD }, request())).ok).toBe(false);
    expect(await landlord().maintenanceHold.count({ where: { id: restore.id } })).toBe(1);
    await releaseHold(restore.id, TEST_ADMIN);
    expect((await page(tenant.slug)).status).toBe(307);
    expect((await signInTenantUser({ slug: tenant.slug, email, password: PASSWORD }, request())).ok).toBe(true);
  });
});
