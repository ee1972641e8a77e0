// The console's database servers, through its Server Actions, pages and the
// background job, against two real MariaDB servers (the second one from
// tests/setup/second-server.ts): owners add, cordon, uncordon, drain and
// remove servers and move a tenant or reset its credentials; a reviewer or a
// viewer is refused every one of them on the server and nothing changes; bad
// input, an address that does not answer and an admin without grants are
// refused with a message saying so, and nothing is added. A server that is
// down is shown unreachable with when it was last seen, and the others'
// figures are refreshed. Only the request boundary is mocked.
import net from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import ConsoleLayout from "@/app/admin/(console)/layout";
import {
  addServerAction,
  cordonServerAction,
  drainServerAction,
  refreshFiguresAction,
  removeServerAction,
  uncordonServerAction,
} from "@/app/admin/(console)/servers/actions";
import ServersPage from "@/app/admin/(console)/servers/page";
import TenantPage from "@/app/admin/(console)/tenants/[slug]/page";
import { moveTenantAction, resetCredentialsAction } from "@/app/admin/(console)/tenants/[slug]/server-actions";
import { backgroundJobs, serverFiguresPass } from "@/app/workflow";
import { landlord } from "@/lib/db/landlord";
import { connect, parseDatabaseUrl } from "@/lib/db/server";
import { forgetServers } from "@/lib/db/servers";
import { tenantClient } from "@/lib/db/tenant-clients";
import { activeCredentials } from "@/lib/db/tenant-credentials";
import { env } from "@/lib/env";
import type { Tenant } from "@/lib/generated/landlord/client";
import { tenantLock, withOperationLock } from "@/lib/operations/backups/locks";
import { drainLock, settleDrains } from "@/lib/operations/server-drains";
import { serversOverview } from "@/lib/operations/server-overview";
import type { PlatformRole } from "@/lib/platform/permissions";
import { provisionTestTenant, uniqueSlug } from "./helpers/applications";
import { adminSessionOf, createTestAdmin } from "./helpers/platform-admin";
import { testServer } from "./helpers/server";
import { serialize } from "./helpers/tenant-auth";
import { boundary } from "./setup/request-boundary";

boundary.headers = new Headers({ "x-forwarded-for": "198.51.100.61", "user-agent": "vitest" });

const sessions = new Map<PlatformRole, { session: unknown; email: string }>();
/** Signs in as an admin of `role` (one per role for the file); returns the admin's email. */
async function as(role: PlatformRole): Promise<string> {
  let signedIn = sessions.get(role);
  if (!signedIn) {
    const admin = await createTestAdmin(role);
    signedIn = { session: (await adminSessionOf(admin)).session, email: admin.email };
    sessions.set(role, signedIn);
  }
  boundary.session = signedIn.session;
  return signedIn.email;
}

const REASON = "Capacity planning, ticket 4711";
const second = parseDatabaseUrl(inject("secondServerUrl"), false);
const servers = () => landlord().databaseServer.findMany({ orderBy: { id: "asc" } });
const serverNamed = (name: string) => landlord().databaseServer.findUniqueOrThrow({ where: { name } });
const audits = (action: string) => landlord().auditLog.findMany({ where: { action }, orderBy: { id: "asc" } });
const row = (id: string) => landlord().tenant.findUniqueOrThrow({ where: { id } });

/** A port on this machine that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The props of the first element in a page's tree made by the component `name` (client ones are not rendered here). */
function propsOf(node: unknown, name: string): Record<string, unknown> | undefined {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = propsOf(child, name);
      if (found) return found;
    }
  } else if (node && typeof node === "object" && "props" in node) {
    const { type, props } = node as { type: unknown; props: Record<string, unknown> };
    if (typeof type === "function" && type.name === name) return props;
    return propsOf(props.children, name);
  }
  return undefined;
}

/** Where a page redirected to, or null when it rendered. */
async function redirectOf(render: () => Promise<unknown>): Promise<string | null> {
  try {
    await render();
    return null;
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (digest.startsWith("NEXT_REDIRECT;")) return digest.split(";")[2] ?? "";
    throw error;
  }
}

const serverInput = (overrides: Record<string, unknown> = {}) => ({
  name: "second",
  host: second.host,
  port: String(second.port),
  adminUser: second.user,
  adminPassword: second.password,
  capacity: "50",
  weight: "100",
  ...overrides,
});

let tenant: Tenant;

beforeAll(async () => {
  // Provisioned while the first server is the only one, so it lives there.
  ({ tenant } = await provisionTestTenant({ slug: uniqueSlug("srv") }));
});

// The tenants' users on the second server are dropped with the file's leftovers (tests/setup).
afterAll(async () => {
  await settleDrains();
});

beforeEach(async () => {
  boundary.session = null;
  await landlord().rateLimitBucket.deleteMany();
});

describe("the Servers page", () => {
  it("is the owners': a reviewer and a viewer are sent away and get no Servers link; an owner sees the first server", async () => {
    for (const role of ["reviewer", "viewer"] as const) {
      await as(role);
      expect(await redirectOf(() => ServersPage())).toBe("/admin/forbidden?need=tenants.destroy");
      const layout = serialize(await ConsoleLayout({ children: null }));
      expect(layout).toContain("/admin/tenants");
      expect(layout).not.toContain("/admin/servers");
    }
    await as("owner");
    expect(serialize(await ConsoleLayout({ children: null }))).toContain("/admin/servers");
    const table = propsOf(await ServersPage(), "ServersTable") as { servers: { name: string; label: string }[] };
    expect(table.servers).toEqual([expect.objectContaining({ name: "primary", label: "127.0.0.1:3306" })]);
  });

  it("refreshes the figures for an owner only; a reviewer's attempt changes nothing", async () => {
    await as("reviewer");
    expect(await refreshFiguresAction({})).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect((await serverNamed("primary")).figuresAt).toBeNull();
    await as("owner");
    const result = await refreshFiguresAction({});
    expect(result).toEqual({ ok: true, data: { servers: 1, unreachable: [] } });
    const primary = await serverNamed("primary");
    expect(primary.figuresAt).not.toBeNull();
    expect(primary.lastError).toBeNull();
    expect(primary.tenantsCount).toBe(1);
    expect(primary.databasesCount).toBeGreaterThanOrEqual(1);
    expect(primary.tablesCount).toBeGreaterThan(0);
    expect(primary.openFilesLimit).toBeGreaterThan(0);
    expect(primary.tableOpenCache).toBeGreaterThan(0);
    expect(primary.maxConnections).toBeGreaterThan(0);
  });
});

describe("adding a server", () => {
  it("refuses a reviewer, bad input, an address that does not answer and an admin without grants, adding nothing", async () => {
    const before = await servers();
    await as("reviewer");
    expect(await addServerAction(serverInput())).toMatchObject({ ok: false, code: "FORBIDDEN" });

    await as("owner");
    const bad = await addServerAction(serverInput({ name: "Not A Name!", port: "abc", capacity: "0" }));
    expect(bad).toMatchObject({ ok: false, code: "INVALID_INPUT", error: "Check the highlighted fields." });
    if (bad.ok) throw new Error("unreachable");
    expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(["capacity", "name", "port"]);
    expect(bad.fieldErrors?.port?.[0]).toBe("The port must be a whole number.");

    const port = await closedPort();
    const down = await addServerAction(serverInput({ name: "nowhere", host: "127.0.0.1", port: String(port) }));
    expect(down).toMatchObject({ ok: false, code: "UNAVAILABLE" });
    if (down.ok) throw new Error("unreachable");
    expect(down.error).toContain(`Cannot reach the MySQL/MariaDB server at 127.0.0.1:${port} as root`);
    expect(down.error).toContain("ECONNREFUSED");

    // An admin that may connect but not create users or grant rights.
    const admin = await connect(testServer());
    const weak = `weak_${Date.now().toString(36)}`;
    try {
      await admin.query(`CREATE USER '${weak}'@'%' IDENTIFIED BY 'weak-password-1'`);
      await admin.query(`GRANT SELECT ON *.* TO '${weak}'@'%'`);
      const ungranted = await addServerAction(
        serverInput({ name: "weak", port: String(second.port), adminUser: weak, adminPassword: "weak-password-1" }),
      );
      // The second server has no such user: it refuses the sign-in itself.
      expect(ungranted).toMatchObject({ ok: false, code: "UNAVAILABLE" });
      const here = await addServerAction(
        serverInput({
          name: "weak",
          host: "localhost",
          port: "3306",
          adminUser: weak,
          adminPassword: "weak-password-1",
        }),
      );
      expect(here).toMatchObject({ ok: false, code: "INVALID_INPUT" });
      if (here.ok) throw new Error("unreachable");
      expect(here.error).toContain(`${weak} may not create users and grant them rights on that server`);
    } finally {
      await admin.query(`DROP USER IF EXISTS '${weak}'@'%'`);
      await admin.end();
    }

    const taken = await addServerAction(serverInput({ name: "primary" }));
    expect(taken).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await servers()).toEqual(before);
    expect(await audits("server.added")).toEqual([]);
  });

  it("adds a server that answers, sealed and audited; it shows on the page with its figures after a refresh", async () => {
    const email = await as("owner");
    const result = await addServerAction(serverInput({ adminPassword: "" }));
    expect(result).toEqual({ ok: true, data: { name: "second", label: `${second.host}:${second.port}` } });
    const added = await serverNamed("second");
    expect(added).toMatchObject({ state: "active", capacity: 50, weight: 100, adminUser: second.user });
    const [entry] = await audits("server.added");
    expect(entry).toMatchObject({ actorLabel: email, context: expect.objectContaining({ name: "second" }) });

    await refreshFiguresAction({});
    const table = propsOf(await ServersPage(), "ServersTable") as {
      servers: { name: string; state: string; tenants: number; capacity: number; figuresAt: string | null }[];
    };
    expect(table.servers.map((s) => s.name)).toEqual(["primary", "second"]);
    expect(table.servers[1]).toMatchObject({ state: "active", tenants: 0, capacity: 50 });
    expect(table.servers[1]?.figuresAt).not.toBeNull();
    // No admin password, sealed or not, reaches the page.
    const page = serialize(await ServersPage());
    expect(page).not.toMatch(/adminPassword|admin_password/);
  });
});

describe("the figures' background job", () => {
  it("runs every SERVER_FIGURES_MINUTES; a server that is down is shown unreachable, last seen when it last answered, and the others are refreshed", async () => {
    const job = backgroundJobs().find((j) => j.name === "server-figures");
    expect(job?.everyMs).toBe(env().SERVER_FIGURES_MINUTES * 60_000);
    const seen = await serverNamed("second");
    expect(seen.figuresAt).not.toBeNull();
    const primaryBefore = (await serverNamed("primary")).figuresAt as Date;
    // The second server "goes down": its address now leads nowhere (cordoned, so no tenant is placed there).
    const port = await closedPort();
    await landlord().databaseServer.update({ where: { id: seen.id }, data: { port, state: "cordoned" } });
    forgetServers();
    try {
      await job?.run();
      await serverFiguresPass();
      const down = await serverNamed("second");
      expect(down.lastError).toContain(`127.0.0.1:${port}`);
      expect(down.figuresAt).toEqual(seen.figuresAt); // when it was last seen
      expect(down.tablesCount).toBe(seen.tablesCount); // and what it showed then
      const primary = await serverNamed("primary");
      expect(primary.lastError).toBeNull();
      expect(primary.figuresAt?.getTime()).toBeGreaterThan(primaryBefore.getTime());

      await as("owner");
      const { servers: rows } = await serversOverview();
      expect(rows.find((s) => s.name === "second")).toMatchObject({
        unreachable: expect.stringContaining("ECONNREFUSED"),
        figuresAt: seen.figuresAt?.toISOString(),
      });
      expect(await refreshFiguresAction({})).toMatchObject({
        ok: true,
        data: { servers: 2, unreachable: [expect.objectContaining({ name: "second" })] },
      });
    } finally {
      await landlord().databaseServer.update({ where: { id: seen.id }, data: { port: second.port, state: "active" } });
      forgetServers();
    }
    await refreshFiguresAction({});
    expect((await serverNamed("second")).lastError).toBeNull();
  });
});

describe("cordon and uncordon", () => {
  it("are the owners'; the last active server is never cordoned away; each change is audited", async () => {
    await as("reviewer");
    expect(await cordonServerAction({ name: "primary" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    await as("viewer");
    expect(await uncordonServerAction({ name: "primary" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect((await serverNamed("primary")).state).toBe("active");
    expect(await audits("server.cordoned")).toEqual([]);

    const email = await as("owner");
    expect(await cordonServerAction({ name: "primary" })).toEqual({
      ok: true,
      data: { name: "primary", state: "cordoned" },
    });
    expect(await cordonServerAction({ name: "primary" })).toMatchObject({
      ok: false,
      code: "INVALID_STATE",
      error: "Server primary is cordoned already.",
    });
    // With primary cordoned, second is the only active one.
    expect(await cordonServerAction({ name: "second" })).toMatchObject({
      ok: false,
      code: "INVALID_STATE",
      error: "second is the only active server: add or uncordon another first.",
    });
    expect(await uncordonServerAction({ name: "primary" })).toEqual({
      ok: true,
      data: { name: "primary", state: "active" },
    });
    expect(await cordonServerAction({ name: "nowhere" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    const [cordoned] = await audits("server.cordoned");
    const [uncordoned] = await audits("server.uncordoned");
    expect(cordoned).toMatchObject({ actorLabel: email, context: expect.objectContaining({ from: "active" }) });
    expect(uncordoned).toMatchObject({ actorLabel: email, context: expect.objectContaining({ to: "active" }) });
  });
});

describe("a tenant's server on its page", () => {
  it("shows everyone its server and database user, never a password; only owners get the move and reset", async () => {
    const password = (await activeCredentials(tenant.id, "a"))?.password ?? "";
    expect(password.length).toBeGreaterThan(10);
    for (const role of ["viewer", "owner"] as const) {
      await as(role);
      const page = await TenantPage({
        params: Promise.resolve({ slug: tenant.slug }),
        searchParams: Promise.resolve({}),
      });
      const card = propsOf(page, "ServerCard") as {
        server: {
          ok: true;
          value: { server: { name: string }; credentialUser: string; moveTargets: { name: string }[] };
        };
        mayDestroy: boolean;
      };
      expect(card.mayDestroy).toBe(role === "owner");
      expect(card.server.value.server.name).toBe("primary");
      expect(card.server.value.credentialUser).toMatch(/^t_[0-9a-f]{20}_a$/);
      expect(card.server.value.moveTargets.map((s) => s.name)).toEqual(["second"]);
      expect(serialize(page)).not.toContain(password);
    }
  });

  it("moves it for an owner only: a reviewer, a slug typed wrong and its own server are refused and nothing moves", async () => {
    const primary = await serverNamed("primary");
    const move = { slug: tenant.slug, to: "second", reason: REASON, dropSource: false, confirmation: tenant.slug };
    await as("reviewer");
    expect(await moveTenantAction(move)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    await as("owner");
    const typo = await moveTenantAction({ ...move, confirmation: "someone-else" });
    expect(typo).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    if (typo.ok) throw new Error("unreachable");
    expect(typo.fieldErrors?.confirmation?.[0]).toContain("That is not this tenant's slug");
    expect(await moveTenantAction({ ...move, to: "primary" })).toMatchObject({
      ok: false,
      code: "INVALID_STATE",
      error: `${tenant.slug} is on primary already.`,
    });
    // Another operation on the tenant holds its lock: the move is refused at once.
    await withOperationLock(tenantLock(tenant.id), "test", async () => {
      expect(await moveTenantAction(move)).toMatchObject({ ok: false, code: "CONFLICT" });
    });
    expect((await row(tenant.id)).serverId).toBe(primary.id);
    expect(await audits("tenant.moved")).toEqual([]);

    const users = await tenantClient(await row(tenant.id)).tenantUser.count();
    const moved = await moveTenantAction(move);
    expect(moved).toMatchObject({ ok: true, data: { from: "primary", to: "second", sourceDropped: false } });
    const now = await row(tenant.id);
    expect(now.serverId).toBe((await serverNamed("second")).id);
    expect(await tenantClient(now).tenantUser.count()).toBe(users);
    const [entry] = await audits("tenant.moved");
    expect(entry?.context).toMatchObject({ reason: REASON, to: "second" });
  });

  it("resets its database credentials for an owner only, with the reason audited", async () => {
    await as("reviewer");
    expect(await resetCredentialsAction({ slug: tenant.slug, reason: REASON })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect((await row(tenant.id)).credentialSlot).toBe("a");
    await as("owner");
    expect(await resetCredentialsAction({ slug: tenant.slug, reason: "no" })).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
    });
    const result = await resetCredentialsAction({ slug: tenant.slug, reason: REASON });
    expect(result).toEqual({ ok: true, data: { user: expect.stringMatching(/^t_[0-9a-f]{20}_b$/) } });
    const now = await row(tenant.id);
    expect(now.credentialSlot).toBe("b");
    expect(await tenantClient(now).tenantUser.count()).toBeGreaterThan(0);
    const [entry] = await audits("tenant.credentials_reset");
    expect(entry?.context).toMatchObject({ reason: REASON });
  });
});

describe("draining and removing", () => {
  it("drains a server from the console: refused to others and while a drain runs; its tenant moves back, the progress tells", async () => {
    const secondServer = await serverNamed("second");
    await as("reviewer");
    expect(await drainServerAction({ name: "second", reason: REASON, dropSource: true })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect((await serverNamed("second")).state).toBe("active");

    await as("owner");
    expect(await drainServerAction({ name: "second", reason: "", dropSource: true })).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
    });
    // A drain of it running elsewhere: refused, nothing starts.
    await withOperationLock(drainLock(secondServer.id), "test", async () => {
      expect(await drainServerAction({ name: "second", reason: REASON, dropSource: true })).toMatchObject({
        ok: false,
        code: "CONFLICT",
      });
      const { servers: rows } = await serversOverview();
      expect(rows.find((s) => s.name === "second")?.drain?.running).toBe(true);
    });
    expect(await audits("server.drain_started")).toEqual([]);

    const started = await drainServerAction({ name: "second", reason: REASON, dropSource: true });
    expect(started.ok).toBe(true);
    await settleDrains();
    expect((await row(tenant.id)).serverId).toBe((await serverNamed("primary")).id);
    expect((await serverNamed("second")).state).toBe("draining");
    const { servers: rows } = await serversOverview();
    expect(rows.find((s) => s.name === "second")?.drain).toMatchObject({
      running: false,
      total: 1,
      moved: 1,
      failed: 0,
      moving: [],
      remaining: 0,
      reason: REASON,
      outcome: expect.objectContaining({ moved: 1, failed: 0, stopped: false }),
    });
    expect(await audits("server.drain_finished")).toHaveLength(1);
  });

  it("removes an empty server for an owner only, with a reason; the last active one stays", async () => {
    await as("reviewer");
    expect(await removeServerAction({ name: "second", reason: REASON })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    await as("owner");
    expect(await removeServerAction({ name: "second", reason: "" })).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
    });
    expect(await removeServerAction({ name: "primary", reason: REASON })).toMatchObject({
      ok: false,
      code: "INVALID_STATE",
      error: "primary is the only active server: add or uncordon another first.",
    });
    expect((await servers()).map((s) => s.name)).toEqual(["primary", "second"]);
    expect(await removeServerAction({ name: "second", reason: REASON })).toEqual({
      ok: true,
      data: { name: "second" },
    });
    expect((await servers()).map((s) => s.name)).toEqual(["primary"]);
    const [entry] = await audits("server.removed");
    expect(entry?.context).toMatchObject({ name: "second", reason: REASON });
  });
});
