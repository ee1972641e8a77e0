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
import { can, type Permission, PLATFORM_ROLES } from "@/lib/platform/permissions";
import { addCommitteeMember } from "@/lib/tenant-auth/committee";
import { inviteUser } from "@/lib/tenant-auth/invitations";
import { permissionsOf, type TenantPermission } from "@/lib/tenant-auth/permissions";
import { TENANT_ROLES, type TenantRole } from "@/lib/tenant-auth/roles";
import { findOpenTenant, type OpenTenant } from "@/lib/tenant-auth/tenants";
import { provisionTestTenant, uniqueSlug } from "./helpers/applications";
import { platformSession } from "./helpers/platform-admin";
import { serialize, sessionFromUser, tenantSessionFor, welcomeSecrets } from "./helpers/tenant-auth";
import { tenantDbFor } from "./helpers/tenant-state";
import { addMember, type Member, teamOf } from "./helpers/tenant-team";
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
const PUBLIC_ACTIONS = [
  "app/(public)/apply/actions.ts",
  "app/setup-password/[token]/actions.ts",
  "app/admin/invite/[token]/actions.ts",
  "app/[slug]/forgot-password/actions.ts",
  "app/[slug]/reset-password/[token]/actions.ts",
  "app/[slug]/join/[token]/actions.ts",
];
const isPublicAction = (file: string) => PUBLIC_ACTIONS.includes(path.relative(ROOT, file));

const tenantPages = () => routeFiles("[slug]", ["page.tsx", "layout.tsx"]);
const tenantRoutes = () => routeFiles("[slug]", ["route.ts"]);
const tenantActions = () =>
  serverActionModules()
    .filter((m) => m.rel.startsWith(`app${path.sep}[slug]${path.sep}`) && !isPublicAction(m.file))
    .map((m) => m.file);
const adminPages = () => routeFiles("admin", ["page.tsx", "layout.tsx"]);
const adminRoutes = () => routeFiles("admin", ["route.ts"]);
const adminActions = (): string[] =>
  serverActionModules()
    .filter((m) => m.rel.startsWith(`app${path.sep}admin${path.sep}`) && !isPublicAction(m.file))
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
// Pages anyone may open, showing nothing of anyone's: the sign-in forms and the invitation page
// (which, for a token that is not live, says only that it cannot be used).
const isLogin = (file: string) =>
  file.includes(`${path.sep}login${path.sep}`) ||
  file.includes(`${path.sep}invite${path.sep}`) ||
  // A lost password's pages: the request form, and a reset link (for "x": that it cannot be used).
  file.includes(`${path.sep}forgot-password${path.sep}`) ||
  file.includes(`${path.sep}reset-password${path.sep}`) ||
  // An invitation to join a tenant's team (for "x": that it cannot be used).
  file.includes(`${path.sep}join${path.sep}`);

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

describe.each(PLATFORM_ROLES)("a platform %s", (role) => {
  beforeEach(async () => {
    boundary.session = await platformSession(role);
  });

  it("is refused, on the server, every admin Server Action its role does not grant, and nothing changes", async () => {
    const before = await snapshotB();
    const audits = await landlord().auditLog.count();
    let refused = 0;
    for (const file of adminActions()) {
      for (const [name, fn] of Object.entries(await import(file))) {
        if (typeof fn !== "function") continue;
        const permission = (fn as { permission?: Permission }).permission;
        expect(permission, `${file} ${name} is not built with adminAction`).toBeDefined();
        if (can(role, permission as Permission)) continue; // what it may do is tested with each feature
        const outcome = await attempt(() => fn(actionInput()));
        expect(outcome, `${file} ${name}`).toEqual({ kind: "refused", code: "FORBIDDEN" });
        refused++;
      }
    }
    if (role === "viewer") expect(refused).toBeGreaterThan(0); // a viewer may change nothing
    expect(await snapshotB()).toEqual(before);
    expect(await landlord().auditLog.count()).toBe(audits);
  });

  it("opens each admin page its role grants and is sent away from the others, never shown B's tenant data", async () => {
    const outbox = await landlord().emailOutbox.findFirstOrThrow({ where: { tenantId: B.tenantId } });
    for (const file of adminPages()) {
      if (isLogin(file)) continue;
      const Page = (await import(file)).default;
      const props = {
        ...pageProps(B.slug),
        params: Promise.resolve({
          id: file.includes("outbox") ? outbox.id : B.applicationId,
          token: "x",
          slug: B.slug,
        }),
      };
      const outcome = await attempt(() => Page(props));
      if (outcome.kind === "redirect") expect(outcome.to, file).toMatch(/^\/admin(\/|$|\?)/);
      else expect(outcome.kind, file).toBe("rendered");
      // No role sees a tenant's secrets: B's admin's password hash never reaches a page.
      expect(outcome.kind === "rendered" ? outcome.body : "").not.toContain("$2");
    }
  });
});

// B's own team, role by role: each role tries each of B's pages and every one
// of B's Server Actions. The grants are B's own (read from B's database through
// the permission module); an action whose permission the role lacks is refused
// on the server with FORBIDDEN, before its input is read, and nothing of B changes.
const probe = { email: "probe@bravo.example.org", firstName: "Probe", lastName: "Bravo" };

interface BTeam {
  db: Awaited<ReturnType<typeof tenantDbFor>>;
  sessions: Map<TenantRole, { session: unknown; email: string }>;
  victim: string;
  invitationId: string;
  memberId: string;
}
let bTeamMade: Promise<BTeam> | undefined;

/** B's team, made once for the roles' describes: a committee member and a voter who joined by invitation. */
function bTeam(): Promise<BTeam> {
  bTeamMade ??= (async () => {
    const tenant = (await findOpenTenant(B.slug)) as OpenTenant;
    const db = await tenantDbFor(B.slug);
    const admin = await db.tenantUser.findUniqueOrThrow({ where: { email: B.email } });
    const inviter: Member = {
      email: B.email,
      uuid: admin.uuid,
      session: B.session,
      sessionId: "",
      actor: { type: "tenant_user", id: admin.uuid, label: B.email, ip: "198.51.100.77", userAgent: "vitest" },
    };
    const sessions = new Map<TenantRole, { session: unknown; email: string }>([
      ["tenant_admin", { session: B.session, email: B.email }],
    ]);
    for (const other of ["committee_member", "voter"] as const) {
      sessions.set(other, await addMember(tenant, inviter, other, `${other.replace("_", "-")}@bravo.example.org`));
    }
    // Something for each kind of action to aim at: an open invitation and a committee entry.
    await inviteUser(await teamOf(tenant, B.email), { ...probe, role: "voter" }, inviter.actor);
    await addCommitteeMember(await teamOf(tenant, B.email), { ...probe, committeeRole: "chair" }, inviter.actor);
    return {
      db,
      sessions,
      // Every users.manage action aims at the voter (made an admin, or deactivated, if one got through).
      victim: (await db.tenantUser.findUniqueOrThrow({ where: { email: "voter@bravo.example.org" } })).uuid,
      invitationId: (await db.tenantUserInvitation.findFirstOrThrow({ where: { email: probe.email } })).uuid,
      memberId: (await db.committeeUser.findFirstOrThrow({ where: { email: probe.email } })).uuid,
    };
  })();
  return bTeamMade;
}

describe.each(TENANT_ROLES)("B's own %s", (role) => {
  let team: BTeam;

  beforeAll(async () => {
    team = await bTeam();
  });

  beforeEach(() => {
    boundary.session = team.sessions.get(role)?.session;
  });

  /** Plausible input for any team action: B's ids, and changes that would show. */
  const teamInput = () => ({
    ...actionInput(),
    ...probe,
    email: "intruder@bravo.example.org",
    userId: team.victim,
    role: "tenant_admin",
    status: "inactive",
    invitationId: team.invitationId,
    memberId: team.memberId,
    committeeRole: "observer",
  });

  /** B's team as the actions could change it. */
  async function teamSnapshot() {
    const { db } = team;
    return {
      b: await snapshotB(),
      users: await db.tenantUser.findMany({
        select: { email: true, status: true, firstName: true, lastName: true },
        orderBy: { id: "asc" },
      }),
      roles: await db.userRole.findMany({ orderBy: [{ userId: "asc" }, { roleId: "asc" }] }),
      invitations: await db.tenantUserInvitation.findMany({ select: { uuid: true, usedAt: true, withdrawnAt: true } }),
      committee: await db.committeeUser.findMany({
        select: { uuid: true, email: true, committeeRole: true, deletedAt: true },
      }),
      grants: await db.rolePermission.count(),
    };
  }

  it("is refused, on the server, every one of B's actions its role does not grant, and nothing of B changes", async () => {
    const email = team.sessions.get(role)?.email ?? "";
    const user = await team.db.tenantUser.findUniqueOrThrow({ where: { email } });
    const granted = await permissionsOf(team.db, user.id);
    const before = await teamSnapshot();
    const audits = await landlord().auditLog.count();
    let refused = 0;
    for (const file of tenantActions()) {
      for (const [name, fn] of Object.entries(await import(file))) {
        if (typeof fn !== "function") continue;
        const permission = (fn as { permission?: TenantPermission | null }).permission;
        expect(permission, `${file} ${name} is not built with tenantAction`).not.toBeUndefined();
        if (permission === null || granted.has(permission as TenantPermission)) continue; // tested with each feature
        const outcome = await attempt(() => fn(B.slug, teamInput()));
        expect(outcome, `${file} ${name} for a ${role}`).toEqual({ kind: "refused", code: "FORBIDDEN" });
        refused++;
      }
    }
    if (role === "tenant_admin") expect(refused).toBe(0);
    else expect(refused).toBeGreaterThanOrEqual(8); // every users.manage and committee.manage action
    expect(await teamSnapshot()).toEqual(before);
    expect(await landlord().auditLog.count()).toBe(audits);
  });

  it("opens each of B's pages its role grants and is sent to the forbidden page from the others", async () => {
    const email = team.sessions.get(role)?.email ?? "";
    const user = await team.db.tenantUser.findUniqueOrThrow({ where: { email } });
    const granted = await permissionsOf(team.db, user.id);
    const forbidden: string[] = [];
    for (const file of tenantPages()) {
      const Page = (await import(file)).default;
      const outcome = await attempt(() => Page(pageProps(B.slug)));
      expect(outcome.kind, file).not.toBe("refused");
      if (outcome.kind !== "redirect") continue;
      expect(outcome.to, file).toMatch(new RegExp(`^/${B.slug}(/|$|\\?)`));
      const need = /\/forbidden\?need=(.+)$/.exec(outcome.to)?.[1];
      if (need) {
        expect(granted.has(need as TenantPermission), `${file} refused ${need} to a ${role} who has it`).toBe(false);
        forbidden.push(path.relative(ROOT, file));
      }
    }
    expect(forbidden.length > 0, `${role} was refused ${forbidden.join(", ")}`).toBe(!granted.has("users.view"));
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
