// `cleanup --failed-only` and `purge` across two real database servers (the
// second one started for the test run, tests/setup/second-server.ts): an
// orphan database is found and dropped on the server it is on, never a
// namesake a tenant uses on another; database users with no tenant there are
// dropped, those of live tenants, of a kept move source and of a running
// operation are not; purge drops a tenant's databases and users on every
// server the catalog records them on; a server that is down is reported once
// while the other's leftovers are still cleaned, and a purge that needs it
// is refused, changing nothing.
import { randomBytes, randomUUID } from "node:crypto";
import net, { type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { recordDatabase, serverName } from "@/lib/db/catalog";
import { landlord } from "@/lib/db/landlord";
import { connect, parseDatabaseUrl, type ServerConfig } from "@/lib/db/server";
import { type DatabaseServer, forgetServers, registerDefaultServer, registerServer } from "@/lib/db/servers";
import { databaseUserExists, tenantUsername } from "@/lib/db/tenant-credentials";
import type { Tenant } from "@/lib/generated/landlord/client";
import { tenantLock, withOperationLock } from "@/lib/operations/backups/locks";
import { setServerState } from "@/lib/operations/servers";
import { provisionTestTenant, TEST_OPERATOR, uniqueSlug } from "./helpers/applications";
import { cli, tempBackupDir } from "./helpers/backups";
import { testServer } from "./helpers/server";

tempBackupDir();

const scope = uniqueSlug("cs");
const prefix = `tenant_${scope.replaceAll("-", "_")}_`;
const { database: _unused, ...secondConfig } = parseDatabaseUrl(inject("secondServerUrl"), false);
const primary = testServer();

let second: DatabaseServer;
let onFirst: Tenant; // lives on primary
let moved: Tenant; // on primary, with a kept move source on the second server
let gone: Tenant; // on primary; its source on the second server was dropped, its user there was not
let onSecond: Tenant;
let doomed: Tenant; // on the second server, purged
let refused: Tenant; // on the second server, its purge needs a server that is down
const made: { server: ServerConfig; users: string[]; databases: string[] } = {
  server: secondConfig,
  users: [],
  databases: [],
};

async function run(server: ServerConfig, query: string) {
  const conn = await connect(server);
  try {
    return await conn.query(query);
  } finally {
    await conn.end();
  }
}

async function has(server: ServerConfig, what: { database?: string; user?: string }): Promise<boolean> {
  const conn = await connect(server);
  try {
    if (what.user) return await databaseUserExists(conn, what.user);
    const rows: unknown[] = await conn.query("SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", [
      what.database,
    ]);
    return rows.length > 0;
  } finally {
    await conn.end();
  }
}

async function userOnSecond(name: string, record?: { role: "current" | "source"; tenantId: string | null }) {
  made.users.push(name);
  await run(secondConfig, `CREATE USER '${name}'@'%' IDENTIFIED BY 'not-used-${randomBytes(4).toString("hex")}'`);
  if (record) await recordDatabase({ server: secondConfig, name, kind: "user", ...record, createdBy: "test" });
  return name;
}

const ghostName = () => `t_${randomBytes(10).toString("hex")}_a`;

/** Provisions a tenant on the named server by cordoning the other one meanwhile. */
async function provisionOn(server: "primary" | "second", slug: string): Promise<Tenant> {
  const other = server === "primary" ? "second" : "primary";
  await setServerState(other, "cordoned", TEST_OPERATOR);
  try {
    return (await provisionTestTenant({ slug })).tenant;
  } finally {
    await setServerState(other, "active", TEST_OPERATOR);
  }
}

async function closedPort(): Promise<number> {
  const listener = net.createServer();
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const { port } = listener.address() as AddressInfo;
  await new Promise((resolve) => listener.close(resolve));
  return port;
}

async function lastCleanupAudit() {
  return landlord().auditLog.findFirstOrThrow({ where: { action: "tenant.cleanup" }, orderBy: { id: "desc" } });
}

beforeAll(async () => {
  await registerDefaultServer(); // "primary", before the second is registered
  second = await registerServer({ name: "second", ...secondConfig }, 100);
  onFirst = await provisionOn("primary", `${scope}-first`);
  moved = await provisionOn("primary", `${scope}-moved`);
  gone = await provisionOn("primary", `${scope}-gone`);
  onSecond = await provisionOn("second", `${scope}-second`);
  doomed = await provisionOn("second", `${scope}-doomed`);
  refused = await provisionOn("second", `${scope}-refused`);
});

afterAll(async () => {
  // What this file made by hand on the second server (the setup drops what the catalog records).
  const conn = await connect(secondConfig).catch(() => null);
  if (!conn) return;
  try {
    for (const user of made.users) await conn.query(`DROP USER IF EXISTS '${user}'@'%'`);
    for (const database of made.databases) await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await conn.end();
  }
});

describe("cleanup --failed-only across servers", () => {
  it("drops an orphan database on the server it is on, not a namesake a tenant uses on the other", async () => {
    expect(onFirst.serverId).not.toBe(second.id);
    expect(onSecond.serverId).toBe(second.id);
    // The first tenant's database name on the second server too (a copy nobody recorded).
    const namesake = onFirst.databaseName;
    made.databases.push(namesake);
    await run(secondConfig, `CREATE DATABASE ${namesake}`);
    // A tenant row placed on the second server whose database is only on the first.
    const stray = await landlord().tenant.create({
      data: {
        id: randomUUID(),
        name: "Stray",
        slug: `${scope}-stray`,
        email: "stray@example.org",
        databaseName: `${prefix}stray`,
        serverId: second.id,
      },
    });
    await run(primary, `CREATE DATABASE ${stray.databaseName}`);

    const listing = await cli("cleanup", "--failed-only", "--database-prefix", prefix);
    expect(listing.code).toBe(0);
    expect(listing.stderr).toBe("");
    expect(listing.stdout).toContain(
      `Databases with no tenant on their server (2):\n  ${stray.databaseName} on primary\n  ${namesake} on second\n`,
    );
    expect(listing.stdout).toMatch(new RegExp(`^  ${stray.slug} +${stray.databaseName} +second +inactive +none$`, "m"));
    expect(listing.stdout).not.toContain(`${onSecond.databaseName}`);
    expect(await has(secondConfig, { database: namesake })).toBe(true);

    const removal = await cli("cleanup", "--failed-only", "--yes", "--database-prefix", prefix);
    expect(removal.code).toBe(0);
    expect(removal.stdout).toContain("Removed 2 databases, 1 tenant row and 0 setup tokens.");
    expect(await has(secondConfig, { database: namesake })).toBe(false);
    expect(await has(primary, { database: stray.databaseName })).toBe(false);
    expect(await landlord().tenant.count({ where: { id: stray.id } })).toBe(0);
    // The first tenant's own database, of the same name, is untouched; so are the second's.
    expect(await has(primary, { database: onFirst.databaseName })).toBe(true);
    expect(await has(secondConfig, { database: onSecond.databaseName })).toBe(true);
    expect((await lastCleanupAudit()).context).toMatchObject({
      databases: [
        { server: "primary", database: stray.databaseName },
        { server: "second", database: namesake },
      ],
      tenants: [{ id: stray.id, slug: stray.slug, database: stray.databaseName, server: "second" }],
    });
  });

  it("drops database users with no tenant there, and leaves live tenants', a kept source's and a busy tenant's alone", async () => {
    const ghost = await userOnSecond(ghostName(), { role: "current", tenantId: null });
    // Named like the first tenant's user in use, but on the second server, unrecorded.
    const stray = await userOnSecond(tenantUsername(onFirst.id, "a"));
    // A move's kept source: its database and user on the second server, catalogued `source`.
    made.databases.push(moved.databaseName);
    await run(secondConfig, `CREATE DATABASE ${moved.databaseName}`);
    await recordDatabase({
      server: secondConfig,
      name: moved.databaseName,
      role: "source",
      tenantId: moved.id,
      createdBy: "test",
    });
    const kept = await userOnSecond(tenantUsername(moved.id, "a"), { role: "source", tenantId: moved.id });
    // A source user whose source database was dropped.
    const orphaned = await userOnSecond(tenantUsername(gone.id, "a"), { role: "source", tenantId: gone.id });
    // Named after a tenant whose operation (a move, say) is running.
    const busy = await userOnSecond(tenantUsername(moved.id, "b"));
    // Not this landlord's: outside the prefix's scope.
    const outsider = await userOnSecond(ghostName());
    const live = tenantUsername(onSecond.id, "a");
    expect(await has(secondConfig, { user: live })).toBe(true);

    const listing = await cli("cleanup", "--failed-only", "--database-prefix", prefix);
    expect(listing.code).toBe(0);
    const out = listing.stdout;
    expect(out).toContain("Database users with no tenant there (4):");
    expect(out).toContain(`  ${ghost} on second: no tenant has it\n`);
    expect(out).toContain(`  ${stray} on second: its tenant ${onFirst.slug} lives on primary\n`);
    expect(out).toContain(`  ${busy} on second: its tenant ${moved.slug} lives on primary\n`);
    expect(out).toContain(`  ${orphaned} on second: kept for ${gone.slug}'s move, whose source database is gone\n`);
    expect(out).toContain(`  user ${kept} on second: kept with the source database of ${moved.slug}'s move\n`);
    expect(out).toContain(`  database ${moved.databaseName} on second: kept after a move\n`);
    for (const untouched of [outsider, live]) expect(out).not.toContain(untouched);
    // Without a prefix the whole server is ours: the outsider is listed too.
    const everything = JSON.parse((await cli("cleanup", "--failed-only", "--json")).stdout);
    expect(everything.found.users).toContainEqual({
      server: "second",
      user: outsider,
      reason: "no tenant",
      slug: null,
      tenantServer: null,
    });
    for (const user of [ghost, stray, busy, orphaned, outsider]) expect(await has(secondConfig, { user })).toBe(true);

    // Removal while the moved tenant's operation lock is held elsewhere.
    const removal = await withOperationLock(tenantLock(moved.id), "test", () =>
      cli("cleanup", "--failed-only", "--yes", "--database-prefix", prefix),
    );
    expect(removal.code).toBe(0);
    expect(removal.stdout).toContain(`  user ${busy} on second: a move or another operation of its tenant is running`);
    expect(removal.stdout).toContain("Removed 0 databases, 0 tenant rows and 0 setup tokens, plus 3 database users.");
    for (const user of [ghost, stray, orphaned]) expect(await has(secondConfig, { user }), user).toBe(false);
    for (const user of [kept, busy, outsider, live]) expect(await has(secondConfig, { user }), user).toBe(true);
    // The first tenant's user of the same name, on its own server, is untouched.
    expect(await has(primary, { user: stray })).toBe(true);
    expect(await has(primary, { user: tenantUsername(moved.id, "a") })).toBe(true);
    const records = await landlord().databaseCatalogEntry.findMany({
      where: { kind: "user", server: serverName(second) },
    });
    expect(records.map((r) => r.name)).not.toContain(ghost);
    expect(records.map((r) => r.name)).not.toContain(orphaned);
    expect(records.map((r) => r.name)).toContain(kept);
    const audit = await lastCleanupAudit();
    expect((audit.context as { users: unknown[] }).users).toHaveLength(3);
    expect(audit.context).toMatchObject({
      users: expect.arrayContaining([
        { server: "second", user: ghost },
        { server: "second", user: stray },
        { server: "second", user: orphaned },
      ]),
    });

    // Its operation over, the busy tenant's stray user goes too.
    const later = await cli("cleanup", "--failed-only", "--yes", "--database-prefix", prefix);
    expect(later.stdout).toContain("plus 1 database user.");
    expect(await has(secondConfig, { user: busy })).toBe(false);
  });
});

describe("purge across servers", () => {
  it("drops the tenant's databases and users on every server the catalog records them on", async () => {
    // It was moved from the first server: the source database and user are kept there.
    const user = tenantUsername(doomed.id, "a");
    await run(primary, `CREATE DATABASE ${doomed.databaseName}`);
    await run(primary, `CREATE USER '${user}'@'%' IDENTIFIED BY 'x'`);
    await recordDatabase({
      server: primary,
      name: doomed.databaseName,
      role: "source",
      tenantId: doomed.id,
      createdBy: "test",
    });
    await recordDatabase({
      server: primary,
      name: user,
      kind: "user",
      role: "source",
      tenantId: doomed.id,
      createdBy: "test",
    });
    expect((await cli("delete", doomed.slug, "--yes")).code).toBe(0);
    await landlord().tenantDeletion.updateMany({
      where: { tenantId: doomed.id },
      data: { purgeAfter: new Date(Date.now() - 1000) },
    });
    const backupId = (await landlord().tenantDeletion.findFirstOrThrow({ where: { tenantId: doomed.id } })).backupId;
    const dropping = `${doomed.databaseName} and user ${user} on primary; ${doomed.databaseName} and user ${user} on second`;

    const dry = await cli("purge", "--dry-run");
    expect(dry.stdout).toContain(`- ${doomed.slug}: would drop ${dropping}; final backup ${backupId} kept`);
    for (const server of [primary, secondConfig]) {
      expect(await has(server, { database: doomed.databaseName })).toBe(true);
      expect(await has(server, { user })).toBe(true);
    }

    const purge = await cli("purge");
    expect(purge.code).toBe(0);
    expect(purge.stdout).toContain(`- ${doomed.slug}: dropped ${dropping}; final backup ${backupId} kept`);
    for (const server of [primary, secondConfig]) {
      expect(await has(server, { database: doomed.databaseName })).toBe(false);
      expect(await has(server, { user })).toBe(false);
    }
    expect(await landlord().databaseCatalogEntry.count({ where: { tenantId: doomed.id } })).toBe(0);
    expect(await landlord().tenantCredential.count({ where: { tenantId: doomed.id } })).toBe(0);
    const audit = await landlord().auditLog.findFirstOrThrow({
      where: { action: "tenant.purged", tenantId: doomed.id },
    });
    expect(audit.context).toMatchObject({
      servers: [
        { server: "primary", databases: [doomed.databaseName], users: [user] },
        { server: "second", databases: [doomed.databaseName], users: [user] },
      ],
    });
    // The other tenant on the second server is untouched.
    expect(await has(secondConfig, { database: onSecond.databaseName })).toBe(true);
    expect(await has(secondConfig, { user: tenantUsername(onSecond.id, "a") })).toBe(true);
  });
});

describe("a server that is down", () => {
  it("is reported once while the other server is cleaned, and a purge that needs it changes nothing", async () => {
    const port = await closedPort();
    const down = await registerServer({ name: "down", host: "127.0.0.1", port, user: "root", password: "" }, 100);
    const downConfig = { host: "127.0.0.1", port, user: "root", password: "" };
    const marooned = await landlord().tenant.create({
      data: {
        id: randomUUID(),
        name: "Marooned",
        slug: `${scope}-marooned`,
        email: "marooned@example.org",
        databaseName: `${prefix}marooned`,
        serverId: down.id,
      },
    });
    try {
      const orphan = `${prefix}after_down`;
      made.databases.push(orphan);
      await run(secondConfig, `CREATE DATABASE ${orphan}`);
      const ghost = await userOnSecond(ghostName(), { role: "current", tenantId: null });
      const said = `✖ server down (127.0.0.1:${port}) did not answer: nothing on it was looked at (1 tenant).`;

      const listing = await cli("cleanup", "--failed-only", "--database-prefix", prefix);
      expect(listing.code).toBe(1);
      expect(listing.stderr.match(/did not answer/g)).toHaveLength(1);
      expect(listing.stderr).toContain(said);
      expect(listing.stdout).toContain(`  ${orphan} on second\n`);
      expect(listing.stdout).toContain(`  ${ghost} on second: no tenant has it\n`);
      expect(listing.stdout).not.toContain(marooned.slug);

      const removal = await cli("cleanup", "--failed-only", "--yes", "--database-prefix", prefix);
      expect(removal.code).toBe(1);
      expect(removal.stderr.match(/did not answer/g)).toHaveLength(1);
      expect(removal.stdout).toContain("Removed 1 database, 0 tenant rows and 0 setup tokens, plus 1 database user.");
      expect(await has(secondConfig, { database: orphan })).toBe(false);
      expect(await has(secondConfig, { user: ghost })).toBe(false);
      expect(await landlord().tenant.count({ where: { id: marooned.id } })).toBe(1);
      expect((await lastCleanupAudit()).context).toMatchObject({ downServers: ["down"] });

      // A purge whose tenant has a database recorded on the down server is refused before anything goes.
      await recordDatabase({
        server: downConfig,
        name: refused.databaseName,
        role: "source",
        tenantId: refused.id,
        createdBy: "test",
      });
      expect((await cli("delete", refused.slug, "--yes")).code).toBe(0);
      await landlord().tenantDeletion.updateMany({
        where: { tenantId: refused.id },
        data: { purgeAfter: new Date(Date.now() - 1000) },
      });
      const catalogBefore = await landlord().databaseCatalogEntry.count({ where: { tenantId: refused.id } });
      const purge = await cli("purge");
      expect(purge.code).toBe(1);
      expect(purge.stdout).toContain(`✖ ${refused.slug}: FAILED: server down (127.0.0.1:${port}) did not answer`);
      expect(await has(secondConfig, { database: refused.databaseName })).toBe(true);
      expect(await has(secondConfig, { user: tenantUsername(refused.id, "a") })).toBe(true);
      expect(await landlord().databaseCatalogEntry.count({ where: { tenantId: refused.id } })).toBe(catalogBefore);
      expect(await landlord().tenantCredential.count({ where: { tenantId: refused.id } })).toBe(1);
      const deletion = await landlord().tenantDeletion.findFirstOrThrow({ where: { tenantId: refused.id } });
      expect(deletion.purgeStartedAt).toBeNull();
      expect(deletion.purgedAt).toBeNull();
    } finally {
      await landlord().tenant.delete({ where: { id: marooned.id } });
      await landlord().databaseCatalogEntry.deleteMany({ where: { server: `127.0.0.1:${port}` } });
      await landlord().databaseServer.delete({ where: { id: down.id } });
      forgetServers();
    }
  });
});
