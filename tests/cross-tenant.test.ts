// The cross-tenant matrix. Two provisioned tenants, A and B. A's admin, a
// platform admin and a visitor with no session try every page, layout, route
// handler and Server Action of B's space and of /admin (found on disk, so a
// new one is covered the day it is added) and get nothing of B's data; B's
// data is unchanged afterwards. The page and action functions are called
// directly; only the request boundary (next/headers, getServerSession) is mocked.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { requirePlatformAdmin } from "@/lib/auth/session";
import { requireTenantSession } from "@/lib/auth/tenant";
import { landlord } from "@/lib/db/landlord";
import { isAppError } from "@/lib/errors";
import { provisionTestTenant, uniqueSlug } from "./helpers/applications";
import { platformSession, serialize, sessionFromUser, tenantSessionFor, welcomeSecrets } from "./helpers/tenant-auth";
import { tenantDbFor } from "./helpers/tenant-state";
import { boundary } from "./setup/request-boundary";

boundary.headers = new Headers({ "x-forwarded-for": "198.51.100.77", "user-agent": "vitest" });

const ROOT = path.resolve(import.meta.dirname, "..");
const PASSWORD = "Tenant-Passw0rd!";

/** Route modules under app/<dir> whose file name is one of `names`. */
function routeFiles(dir: string, names: string[]): string[] {
  const base = path.join(ROOT, "app", dir);
  return (readdirSync(base, { recursive: true }) as string[])
    .filter((file) => names.includes(path.basename(file)))
    .map((file) => path.join(base, file))
    .sort();
}

type Outcome =
  | { kind: "redirect"; to: string }
  | { kind: "refused"; code: string }
  | { kind: "rendered"; body: string };

/** What a page, layout, route handler or action did for the current session. */
async function attempt(run: () => unknown): Promise<Outcome> {
  try {
    const value = await run();
    if (value instanceof Response) {
      if (value.status >= 300 && value.status < 400)
        return { kind: "redirect", to: value.headers.get("location") ?? "" };
      if (value.status === 401 || value.status === 403 || value.status === 404)
        return { kind: "refused", code: String(value.status) };
      return { kind: "rendered", body: await value.text() };
    }
    const result = value as { ok?: boolean; code?: string } | undefined;
    if (result && result.ok === false) return { kind: "refused", code: result.code ?? "" };
    return { kind: "rendered", body: serialize(value) };
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (digest.startsWith("NEXT_REDIRECT;")) return { kind: "redirect", to: digest.split(";")[2] ?? "" };
    if (digest.startsWith("NEXT_HTTP_ERROR_FALLBACK;")) return { kind: "refused", code: digest.split(";")[1] ?? "" };
    if (isAppError(error)) return { kind: "refused", code: error.code };
    throw error;
  }
}

interface Side {
  slug: string;
  tenantId: string;
  applicationId: string;
  email: string;
  session: unknown;
}
let A: Side;
let B: Side;

async function provisionAndSignIn(prefix: string): Promise<Side> {
  const email = `${uniqueSlug(prefix)}@example.org`;
  const { tenant, application } = await provisionTestTenant({ slug: uniqueSlug(prefix), email, name: `Org ${prefix}` });
  const { completePasswordSetup } = await import("@/lib/tenant-auth/setup-password");
  const { welcomeToken } = await import("./helpers/tenant-auth");
  await completePasswordSetup(await welcomeToken(tenant.id), PASSWORD, { ip: "198.51.100.1", userAgent: "vitest" });
  const { session } = await tenantSessionFor(tenant.slug, email, PASSWORD);
  return { slug: tenant.slug, tenantId: tenant.id, applicationId: application.id, email, session };
}

/** Everything of B's that an attempt could have changed. */
async function snapshotB() {
  const db = await tenantDbFor(B.slug);
  const admin = await db.tenantUser.findUniqueOrThrow({ where: { email: B.email } });
  return {
    admin: { hash: admin.passwordHash, mustChange: admin.mustChangePassword, status: admin.status },
    users: await db.tenantUser.count(),
    liveSessions: await db.tenantSession.count({ where: { revokedAt: null } }),
    application: (await landlord().tenantApplication.findUniqueOrThrow({ where: { id: B.applicationId } })).status,
    tenant: (await landlord().tenant.findUniqueOrThrow({ where: { id: B.tenantId } })).status,
  };
}

beforeAll(async () => {
  A = await provisionAndSignIn("alpha");
  B = await provisionAndSignIn("bravo");
  // B gets a second user, so "B's data" is more than the admin's own address.
  await (await tenantDbFor(B.slug)).tenantUser.create({
    data: {
      uuid: crypto.randomUUID(),
      firstName: "Secret",
      lastName: "Bravo-Member",
      email: "secret.member@bravo.example.org",
      passwordHash: "x",
      tenantId: (await landlord().tenant.findUniqueOrThrow({ where: { id: B.tenantId } })).numericId,
      status: "active",
    },
  });
});

beforeEach(async () => {
  await landlord().rateLimitBucket.deleteMany();
});

/**
 * Every module with a "use server" directive anywhere in the source tree: each
 * export of one is an endpoint anyone can call, wherever the file lives.
 */
function serverActionModules(): { file: string; rel: string; topLevel: boolean }[] {
  const found: { file: string; rel: string; topLevel: boolean }[] = [];
  for (const dir of ["app", "components", "lib", "inngest", "emails"]) {
    const base = path.join(ROOT, dir);
    for (const name of readdirSync(base, { recursive: true }) as string[]) {
      if (!/\.(ts|tsx)$/.test(name) || name.includes("generated")) continue;
      const file = path.join(base, name);
      const source = readFileSync(file, "utf8");
      if (!/["']use server["']/.test(source)) continue;
      // A directive is the first statement: only comments may come before it.
      const code = source.replace(/^(\s*(\/\/[^\n]*|\/\*[\s\S]*?\*\/))*\s*/, "");
      found.push({ file, rel: path.relative(ROOT, file), topLevel: /^["']use server["']/.test(code) });
    }
  }
  return found.sort((a, b) => a.rel.localeCompare(b.rel));
}

// Actions anyone may call without a session, each with its own tests.
const PUBLIC_ACTIONS = ["app/(public)/apply/actions.ts", "app/setup-password/[token]/actions.ts"];

const tenantPages = () => routeFiles("[slug]", ["page.tsx", "layout.tsx"]);
const tenantRoutes = () => routeFiles("[slug]", ["route.ts"]);
const tenantActions = () =>
  serverActionModules()
    .filter((m) => m.rel.startsWith(`app${path.sep}[slug]${path.sep}`))
    .map((m) => m.file);
const adminPages = () => routeFiles("admin", ["page.tsx", "layout.tsx"]);
const adminRoutes = () => routeFiles("admin", ["route.ts"]);
const adminActions = () =>
  serverActionModules()
    .filter((m) => m.rel.startsWith(`app${path.sep}admin${path.sep}`))
    .map((m) => m.file);

describe("the matrix finds every Server Action", () => {
  it('every "use server" module is a whole module under a realm it tests, or a known public one', () => {
    const modules = serverActionModules();
    expect(modules.length).toBeGreaterThanOrEqual(4);
    for (const m of modules) {
      expect(m.topLevel, `${m.rel}: inline "use server" functions escape the matrix; use an actions module`).toBe(true);
      const realm = [tenantActions(), adminActions()].some((files) => files.includes(m.file));
      expect(realm || PUBLIC_ACTIONS.includes(m.rel), `${m.rel} is not in a realm the matrix tries`).toBe(true);
    }
  });
});
const isLogin = (file: string) => file.includes(`${path.sep}login${path.sep}`);

function pageProps(slug: string) {
  return {
    params: Promise.resolve({ slug, id: B.applicationId, token: "x" }),
    searchParams: Promise.resolve({}),
    children: null,
  };
}

/** Plausible input for any action: B's ids everywhere an id could go. */
function actionInput() {
  return {
    applicationId: B.applicationId,
    tenantId: B.tenantId,
    id: B.applicationId,
    notes: "cross-tenant probe",
    reason: "cross-tenant probe that is long enough",
    currentPassword: PASSWORD,
    password: "Hijacked-Passw0rd!",
    confirmPassword: "Hijacked-Passw0rd!",
  };
}

function expectNothingOfB(outcome: Outcome) {
  const body = outcome.kind === "rendered" ? outcome.body : "";
  expect(body).not.toContain(B.email);
  expect(body).not.toContain("secret.member@bravo.example.org");
  expect(body).not.toContain("Bravo-Member");
}

const visitors: [string, () => Promise<unknown> | unknown][] = [
  ["tenant A's admin", () => A.session],
  ["a platform admin", () => platformSession()],
  ["a visitor with no session", () => null],
  // A session claiming B that holds A's session row and user: what a forged or confused token would carry.
  ["a token claiming B with A's session row", async () => ({ ...(A.session as object), tenantSlug: B.slug })],
];

describe.each(visitors)("%s", (_who, session) => {
  beforeEach(async () => {
    boundary.session = await session();
  });

  it("opens none of B's pages: each sends to B's sign-in page, which shows nothing of B's data", async () => {
    const before = await snapshotB();
    expect(tenantPages().length).toBeGreaterThanOrEqual(4);
    for (const file of tenantPages()) {
      const Page = (await import(file)).default;
      const outcome = await attempt(() => Page(pageProps(B.slug)));
      if (isLogin(file)) expect(outcome.kind, file).toBe("rendered");
      else expect(outcome, file).toEqual({ kind: "redirect", to: `/${B.slug}/login` });
      expectNothingOfB(outcome);
    }
    expect(await snapshotB()).toEqual(before);
  });

  it("runs none of B's Server Actions or route handlers", async () => {
    const before = await snapshotB();
    expect(tenantActions().length).toBeGreaterThanOrEqual(1);
    for (const file of tenantActions()) {
      for (const [name, fn] of Object.entries(await import(file))) {
        if (typeof fn !== "function") continue;
        const outcome = await attempt(() => fn(B.slug, actionInput()));
        expect(outcome, `${file} ${name}`).toEqual({ kind: "refused", code: "UNAUTHORIZED" });
      }
    }
    for (const file of tenantRoutes()) {
      for (const [method, handler] of Object.entries(await import(file))) {
        if (typeof handler !== "function") continue;
        const request = new Request(`http://localhost/${B.slug}`, { method });
        const outcome = await attempt(() => handler(request, { params: Promise.resolve({ slug: B.slug }) }));
        expect(outcome.kind, `${file} ${method}`).not.toBe("rendered");
      }
    }
    await expect(requireTenantSession(B.slug)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await snapshotB()).toEqual(before);
  });
});

describe.each(visitors.filter(([who]) => who !== "a platform admin"))("/admin for %s", (_who, session) => {
  beforeEach(async () => {
    boundary.session = await session();
  });

  it("opens no admin page, layout or route handler", async () => {
    const outbox = await landlord().emailOutbox.findFirstOrThrow({ where: { tenantId: B.tenantId } });
    expect(adminPages().length).toBeGreaterThanOrEqual(4);
    for (const file of adminPages()) {
      const Page = (await import(file)).default;
      const props = {
        ...pageProps(B.slug),
        params: Promise.resolve({ id: file.includes("outbox") ? outbox.id : B.applicationId }),
      };
      const outcome = await attempt(() => Page(props));
      if (isLogin(file)) {
        expect(outcome.kind, file).toBe("rendered"); // the sign-in form, and nothing else
      } else {
        expect(["redirect", "refused"], file).toContain(outcome.kind);
        // Either to the sign-in page or (the bare /admin) to another admin page, itself in this list.
        if (outcome.kind === "redirect") expect(outcome.to, file).toMatch(/^\/admin(\/|$)/);
        if (outcome.kind === "refused") expect(outcome.code, file).toBe("UNAUTHORIZED");
      }
      expectNothingOfB(outcome);
    }
    for (const file of adminRoutes()) {
      for (const [method, handler] of Object.entries(await import(file))) {
        if (typeof handler !== "function") continue;
        const outcome = await attempt(() =>
          handler(new Request("http://localhost/admin", { method }), {
            params: Promise.resolve({ id: B.applicationId }),
          }),
        );
        expect(outcome.kind, `${file} ${method}`).not.toBe("rendered");
      }
    }
    await expect(requirePlatformAdmin()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("runs no admin Server Action", async () => {
    const before = await snapshotB();
    const audits = await landlord().auditLog.count();
    expect(adminActions().length).toBeGreaterThanOrEqual(1);
    for (const file of adminActions()) {
      for (const [name, fn] of Object.entries(await import(file))) {
        if (typeof fn !== "function") continue;
        const outcome = await attempt(() => fn(actionInput()));
        expect(outcome, `${file} ${name}`).toEqual({ kind: "refused", code: "UNAUTHORIZED" });
      }
    }
    expect(await snapshotB()).toEqual(before);
    expect(await landlord().auditLog.count()).toBe(audits);
  });
});

describe("positive controls (the matrix refuses because of the session, not because nothing works)", () => {
  it("each tenant admin opens their own home, with their own data and none of the other's", async () => {
    const Home = (await import("@/app/[slug]/(signed-in)/page")).default;
    boundary.session = B.session;
    const homeB = await attempt(() => Home(pageProps(B.slug)));
    expect(homeB.kind).toBe("rendered");
    expect(homeB.kind === "rendered" && homeB.body).toContain("secret.member@bravo.example.org");

    boundary.session = A.session;
    const homeA = await attempt(() => Home(pageProps(A.slug)));
    expect(homeA.kind === "rendered" && homeA.body).toContain(A.email);
    expectNothingOfB(homeA);
  });

  it("a platform admin session passes the admin check", async () => {
    boundary.session = await platformSession();
    await expect(requirePlatformAdmin()).resolves.toMatchObject({ realm: "platform" });
  });

  it("a platform session with a tenant slug in it is still no tenant session", async () => {
    boundary.session = await sessionFromUser({
      id: "1",
      email: "admin@platform.test",
      name: "x",
      realm: "platform",
      tenantSlug: A.slug,
      sessionId: "00000000-0000-0000-0000-000000000000",
    });
    await expect(requireTenantSession(A.slug)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

it("sanity: the initial password no longer opens either tenant", async () => {
  const { signInTenantUser } = await import("@/lib/tenant-auth/sign-in");
  for (const side of [A, B]) {
    expect(
      (
        await signInTenantUser(
          { slug: side.slug, email: side.email, password: (await welcomeSecrets(side.tenantId)).initialPassword },
          { ip: "198.51.100.9", userAgent: "v" },
        )
      ).ok,
    ).toBe(false);
  }
});
