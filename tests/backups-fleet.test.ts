// Backups of the whole fleet: `backup --all` (a progress bar on a terminal,
// one line per tenant elsewhere, a failed tenant reported while the others go
// on), `backup:verify --all`, retention (`backup:prune`), the scheduled job
// (tenants and the landlord, due ones only), and keys:rotate re-sealing every
// backup's data key.
import { existsSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { backgroundJobs } from "@/app/workflow";
import { landlord } from "@/lib/db/landlord";
import { resetEnvCache } from "@/lib/env";
import type { Tenant } from "@/lib/generated/landlord/client";
import { generateKey } from "@/lib/keyring";
import { toPrune } from "@/lib/operations/backups/prune";
import { backupSchedule, dueTenants, runSchedulePass } from "@/lib/operations/backups/schedule";
import { rotateKeys } from "@/lib/operations/rotate-keys";
import { captureIo } from "@/scripts/lib/cli/capture";
import { main } from "@/scripts/lib/cli/main";
import { provisionTestTenant, TEST_OPERATOR, uniqueSlug } from "./helpers/applications";
import { addRows, backupsOf, cli, tempBackupDir } from "./helpers/backups";

const dir = tempBackupDir();
let fleet: Tenant[] = [];

beforeAll(async () => {
  for (let i = 0; i < 6; i += 3) {
    const batch = await Promise.all([0, 1, 2].map(() => provisionTestTenant({ slug: uniqueSlug("fl") })));
    fleet.push(...batch.map((b) => b.tenant));
  }
  fleet = fleet.sort((a, b) => a.slug.localeCompare(b.slug));
  await addRows(fleet[0]?.databaseName ?? "", 200);
});

describe("backup --all", () => {
  it("backs up every tenant, one line each off a terminal; a failed tenant is reported and the others go on", async () => {
    const [broken] = fleet.slice(-1) as [Tenant];
    // A tenant whose database is not where its row says.
    await landlord().tenant.update({ where: { id: broken.id }, data: { databaseName: `${broken.databaseName}_gone` } });
    try {
      const { code, stdout } = await cli("backup", "--all", "--concurrency", "3");
      expect(code).toBe(1);
      expect(stdout).toMatch(/^Backing up \d+ tenants, 3 at a time\.\n/);
      for (const tenant of fleet.slice(0, -1)) {
        expect(stdout).toMatch(
          new RegExp(`^\\[ *\\d+/\\d+\\] ${tenant.slug}: [\\d,]+ rows in \\d+ tables, .* → ${tenant.slug}/`, "m"),
        );
        expect((await backupsOf(tenant.id)).map((b) => b.status)).toEqual(["succeeded"]);
      }
      expect(stdout).toMatch(new RegExp(`^\\[ *\\d+/\\d+\\] ${broken.slug}: FAILED: .*does not exist`, "m"));
      expect(stdout).toMatch(/\d+ tenants: \d+ backed up \(.*\), 1 failed, 0 skipped in [\d.]+ s\.\n/);
      expect(stdout).toContain(`✖ ${broken.slug}: `);
      const audit = await landlord().auditLog.findFirstOrThrow({
        where: { action: "tenant.backed_up", tenantId: null },
      });
      expect(audit.context).toMatchObject({ all: true, failed: 1, concurrency: 3 });
    } finally {
      await landlord().tenant.update({ where: { id: broken.id }, data: { databaseName: broken.databaseName } });
    }
  });

  it("draws a progress bar on a terminal", async () => {
    const out = captureIo({ tty: true, columns: 80 });
    const code = await main(["backup", "--all"], out.io);
    expect(code).toBe(0);
    expect(out.stdout()).toMatch(/\r\[#+\] +\d+\/\d+ tenants/);
    expect(out.stdout()).toMatch(/0 failed, 0 skipped/);
  });

  it("backup:verify --all verifies each tenant's newest backup", async () => {
    const { code, stdout } = await cli("backup:verify", "--all");
    expect(stdout).toMatch(/\d+ tenants: \d+ verified, 0 not\./);
    expect(code).toBe(0);
    for (const tenant of fleet) expect((await backupsOf(tenant.id)).at(-1)?.verification).toBe("passed");
  });
});

describe("retention", () => {
  it("keeps the last N good backups and everything younger than D days; failed ones never count as good", () => {
    const day = 86_400_000;
    const now = new Date("2026-12-31T00:00:00Z");
    const at = (daysAgo: number, status = "succeeded", verification = "unverified") =>
      ({ id: `${daysAgo}`, status, verification, startedAt: new Date(now.getTime() - daysAgo * day) }) as never;
    const rows = [at(1), at(2, "failed"), at(5, "succeeded", "failed"), at(20), at(40), at(50, "failed"), at(60)];
    // Kept: the 2 newest good (1, 20) and all younger than 10 days (1, 2, 5).
    expect(toPrune(rows, now, 2, 10).map((r: { id: string }) => r.id)).toEqual(["40", "50", "60"]);
    expect(toPrune(rows, now, 7, 0).map((r: { id: string }) => r.id)).toEqual(["2", "5", "50"]);
  });

  it("backup:prune removes the files of what retention does not keep, and marks their rows", async () => {
    const [tenant] = fleet as [Tenant];
    for (let i = 0; i < 3; i++) await cli("backup", tenant.slug);
    const all = await backupsOf(tenant.id);
    // Age them all by a year; retention then keeps only the newest BACKUP_KEEP_LAST (2 here).
    await landlord().tenantBackup.updateMany({
      where: { tenantId: tenant.id },
      data: { startedAt: new Date(Date.now() - 365 * 86_400_000) },
    });
    for (const [i, b] of all.entries()) {
      await landlord().tenantBackup.update({
        where: { id: b.id },
        data: { startedAt: new Date(Date.now() - (365 - i) * 86_400_000) },
      });
    }
    process.env.BACKUP_KEEP_LAST = "2";
    resetEnvCache();
    try {
      const dry = await cli("backup:prune", "--dry-run");
      expect(dry.stdout).toMatch(/Would prune \d+ backups/);
      expect(all.every((b) => existsSync(path.join(dir, b.file ?? "")))).toBe(true);
      const { code, stdout } = await cli("backup:prune");
      expect(code).toBe(0);
      expect(stdout).toMatch(/Pruned \d+ backups; kept \d+/);
    } finally {
      delete process.env.BACKUP_KEEP_LAST;
      resetEnvCache();
    }
    const after = await backupsOf(tenant.id);
    const kept = after.filter((b) => b.prunedAt === null);
    expect(kept.map((b) => b.id)).toEqual(all.slice(-2).map((b) => b.id));
    for (const b of after) expect(existsSync(path.join(dir, b.file ?? ""))).toBe(b.prunedAt === null);
    const listed = await cli("backup:list", tenant.slug);
    expect(listed.stdout).toMatch(/pruned/);
    expect(listed.stdout).toMatch(/\d+ backups, 2 good\./);
  });
});

describe("the schedule", () => {
  it("is a background job; a pass backs up the tenants and the landlord that are due, and only those", async () => {
    expect(backgroundJobs().map((j) => j.name)).toContain("scheduled-backups");
    const newcomer = (await provisionTestTenant({ slug: uniqueSlug("fl-new") })).tenant;
    // Due: the newcomer, and the tenant whose backups the retention test aged by a year; not the others.
    const due = await dueTenants();
    expect(due.sort()).toEqual([fleet[0]?.slug, newcomer.slug].sort());
    const pass = await runSchedulePass(TEST_OPERATOR, () => undefined);
    expect(pass).toMatchObject({ tenants: 2, failed: 0, landlord: "backed-up" });
    expect((await backupsOf(newcomer.id)).map((b) => b.reason)).toEqual(["scheduled"]);
    const second = await runSchedulePass(TEST_OPERATOR, () => undefined);
    expect(second).toMatchObject({ tenants: 0, failed: 0, landlord: "not-due" });
    expect(await dueTenants()).toEqual([]);

    // The job only kicks a pass off, and not in the first minutes of a process (a short-lived one takes none).
    const count = () => landlord().tenantBackup.count();
    const before = await count();
    const fresh = backupSchedule(() => undefined);
    fresh.kick();
    await fresh.current();
    const another = (await provisionTestTenant({ slug: uniqueSlug("fl-late") })).tenant;
    fresh.kick();
    await fresh.current();
    expect(await count()).toBe(before);
    const settled = backupSchedule(() => undefined, 0);
    settled.kick();
    await settled.current();
    expect((await backupsOf(another.id)).map((b) => b.reason)).toEqual(["scheduled"]);
    process.env.BACKUP_EVERY_HOURS = "0";
    resetEnvCache();
    expect(backgroundJobs().map((j) => j.name)).not.toContain("scheduled-backups");
    delete process.env.BACKUP_EVERY_HOURS;
    resetEnvCache();
  });
});

describe("keys:rotate", () => {
  it("re-seals every backup's data key under the new key, and the backups still verify", async () => {
    const old = process.env.ENCRYPTION_KEYS as string;
    process.env.ENCRYPTION_KEYS = `${generateKey("next")},${old}`;
    resetEnvCache();
    try {
      const report = await rotateKeys(TEST_OPERATOR);
      const column = report.columns.find((c) => c.table === "tenant_backups");
      expect(column?.resealed).toBeGreaterThan(0);
      const keys = await landlord().tenantBackup.findMany({
        where: { dataKey: { not: null } },
        select: { dataKey: true },
      });
      for (const { dataKey } of keys) expect(dataKey).toMatch(/^v1:next:/);
      // Only the new key left: the record's re-sealed copy opens the file (the manifest's copy names the old key).
      process.env.ENCRYPTION_KEYS = (process.env.ENCRYPTION_KEYS as string).split(",")[0];
      resetEnvCache();
      expect((await cli("backup:verify", fleet[1]?.slug ?? "")).code).toBe(0);
    } finally {
      process.env.ENCRYPTION_KEYS = old;
      resetEnvCache();
    }
  });
});
