// A backup or a restore killed half way (SIGKILL to the real command line,
// made slow with the test-only BACKUP_THROTTLE_MS): no half-written file counts
// as good, no half-restored database is switched in, and running the command
// again finishes the job and clears what the killed one left.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { landlord } from "@/lib/db/landlord";
import type { Tenant } from "@/lib/generated/landlord/client";
import { lockHeld, tenantLock } from "@/lib/operations/backups/locks";
import { INTERRUPTED, listBackups } from "@/lib/operations/backups/records";
import { activeHolds } from "@/lib/operations/maintenance";
import { provisionTestTenant, uniqueSlug } from "./helpers/applications";
import { addRows, backupsOf, cli, filesUnder, sql, tempBackupDir } from "./helpers/backups";
import { databaseExists } from "./helpers/tenant-state";

const dir = tempBackupDir();
let tenant: Tenant;

let output = "";

function spawnCli(args: string[], env: Record<string, string>): ChildProcess {
  // Its own process group, so the kill reaches the node process under npx.
  const child = spawn("npx", ["tsx", "--import", "./scripts/node/hooks.mjs", "scripts/tenants.ts", ...args], {
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  output = "";
  child.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    output += String(chunk);
  });
  return child;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting until ${what}; the command said: ${output}`);
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(-(child.pid as number), "SIGKILL");
  await exited;
  // The server frees the dead process's locks when it notices its connections closed.
  await until("the killed process's lock is free", async () => !(await lockHeld(tenantLock(tenant.id))));
}

beforeAll(async () => {
  ({ tenant } = await provisionTestTenant({ slug: uniqueSlug("kill") }));
  await addRows(tenant.databaseName, 30_000); // about 6 MiB of SQL: a few throttled batches
});

describe("a backup killed half way", () => {
  it("leaves no good backup; the next backup settles it as failed and succeeds", async () => {
    const child = spawnCli(["backup", tenant.slug], { BACKUP_THROTTLE_MS: "400" });
    await until("the backup is writing its file", async () => {
      const [running] = (await backupsOf(tenant.id)).filter((b) => b.status === "running");
      return Boolean(running?.file && existsSync(path.join(dir, `${running.file}.partial`)));
    });
    await kill(child);

    const [killed] = await backupsOf(tenant.id);
    expect(killed?.status).toBe("running");
    expect(existsSync(path.join(dir, killed?.file ?? ""))).toBe(false); // only the .partial
    const listed = await listBackups(tenant.slug);
    expect(listed).toEqual([expect.objectContaining({ id: killed?.id, status: "interrupted", good: false })]);

    const again = await cli("backup", tenant.slug);
    expect(again.code).toBe(0);
    const [first, second] = await backupsOf(tenant.id);
    expect(first).toMatchObject({ id: killed?.id, status: "failed", error: INTERRUPTED });
    expect(second?.status).toBe("succeeded");
    expect(filesUnder(dir)).toEqual([second?.file, `${second?.file}.manifest.json`]);
    expect((await cli("backup:verify", tenant.slug)).code).toBe(0);
  });
});

describe("a restore killed half way", () => {
  it("switches nothing; the next restore clears the half-restored database and the hold, and finishes", async () => {
    const backedUp = (await sql<{ n: bigint }>(tenant.databaseName, "SELECT COUNT(*) AS n FROM committee_users"))[0]?.n;
    await sql(tenant.databaseName, "DELETE FROM committee_users WHERE id > 100");
    const child = spawnCli(["restore", tenant.slug], { BACKUP_THROTTLE_MS: "2000" });
    let scratch = "";
    await until("the restore is loading its new database", async () => {
      const entry = await landlord().databaseCatalogEntry.findFirst({
        where: { tenantId: tenant.id, role: "scratch" },
      });
      scratch = entry?.name ?? "";
      return Boolean(entry) && (await databaseExists(entry?.name ?? ""));
    });
    await kill(child);

    // Nothing switched: the tenant still uses its own database, as it was.
    const row = await landlord().tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    expect(row.databaseName).toBe(tenant.databaseName);
    expect((await sql<{ n: bigint }>(tenant.databaseName, "SELECT COUNT(*) AS n FROM committee_users"))[0]?.n).toBe(
      100n,
    );
    // What it left: the scratch database and the restore's hold (fleet migrations skip the tenant meanwhile).
    expect((await activeHolds(tenant.id)).map((h) => h.kind)).toEqual(["restore"]);
    const migrate = await cli("migrate", "--slug", tenant.slug);
    expect(migrate.stdout).toContain(`${tenant.slug} (${tenant.databaseName}): skipped, in maintenance for a restore`);
    const listing = await cli("cleanup", "--failed-only");
    expect(listing.stdout).toContain(
      `  ${scratch} on primary: scratch copy of an interrupted restore, verification or move`,
    );
    expect(listing.stdout).toMatch(
      new RegExp(`Maintenance holds of restores or moves that stopped \\(1\\):\\n  ${tenant.slug}: restore of backup`),
    );

    const again = await cli("restore", tenant.slug);
    expect(again.code).toBe(0);
    const now = await landlord().tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    expect(now.databaseName).not.toBe(scratch);
    expect((await sql<{ n: bigint }>(now.databaseName, "SELECT COUNT(*) AS n FROM committee_users"))[0]?.n).toBe(
      backedUp,
    );
    expect(await databaseExists(scratch)).toBe(false);
    expect(await activeHolds(tenant.id)).toEqual([]);
    const catalog = await landlord().databaseCatalogEntry.findMany({
      where: { tenantId: tenant.id, kind: "database" },
    });
    expect(catalog.map((e) => e.role).sort()).toEqual(["current", "previous"]);
  });
});
