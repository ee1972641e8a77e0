// `tenants backup` and `backup:verify` against real tenant databases: what a
// backup writes (an encrypted file, its manifest, its record), that its SQL is
// the data exactly (every kind of value, loaded by the `mariadb` client too),
// that verification catches an altered file and marks it, and that a full disk
// or a bad path changes nothing.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { pipeline } from "node:stream/promises";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { landlord } from "@/lib/db/landlord";
import { readMigrations, TENANT_MIGRATIONS } from "@/lib/db/migrator";
import type { Tenant } from "@/lib/generated/landlord/client";
import { backupDownload, backupSqlStream } from "@/lib/operations/backups/download";
import { backupDisk } from "@/lib/operations/backups/file";
import { compareWithManifest } from "@/lib/operations/backups/load-backup";
import { listBackups } from "@/lib/operations/backups/records";
import { provisionTestTenant, TEST_OPERATOR, uniqueSlug } from "./helpers/applications";
import { addRows, backupsOf, cli, filesUnder, sql, tempBackupDir } from "./helpers/backups";
import { trackDatabase } from "./helpers/databases";
import { testServer, uniqueName } from "./helpers/server";
import { databaseExists } from "./helpers/tenant-state";

const dir = tempBackupDir();
let tenant: Tenant;

// Every kind of value a backup must carry exactly: bigints beyond 2^53, NULLs,
// text with quotes, backslashes, newlines, NUL and emoji, JSON, bytes that are
// not text, dates as stored, a generated column (left to the server).
const TYPES_TABLE = `CREATE TABLE backup_types (
  id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  big BIGINT NULL, neg INT NULL, dec_value DECIMAL(30,8) NULL, dbl DOUBLE NULL,
  txt TEXT NULL, js JSON NULL, bin VARBINARY(64) NULL, blb BLOB NULL,
  dt DATETIME(6) NULL, ts TIMESTAMP(3) NULL, d DATE NULL, tm TIME NULL,
  en ENUM('a','b c') NULL, bits BIT(10) NULL, latin VARCHAR(20) CHARACTER SET latin1 NULL,
  gen VARCHAR(40) GENERATED ALWAYS AS (CONCAT('g-', id)) STORED
) DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_unicode_ci`;
const TYPES_ROWS = `INSERT INTO backup_types (id, big, neg, dec_value, dbl, txt, js, bin, blb, dt, ts, d, tm, en, bits, latin) VALUES
  (1, 9223372036854775807, -2147483648, 12345678901234567890.12345678, 0.1, 'it''s "quoted" \\\\ back;\\nslash\\r\\0end ✓ 🗳️', '{"a": [1, 2], "s": "x\\\\ny"}',
   0x000A0D1A27225C3B0AFF, 0x3B0A3B0A, '2026-11-28 12:34:56.123456', '2026-11-28 12:34:56.789', '1999-12-31', '-12:00:01', 'b c', b'1010101010', 'café'),
  (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (3, -9223372036854775808, 0, 0, -1.5e300, '', '[]', X'', X'', '1000-01-01 00:00:00', '1970-01-01 00:00:01', '2026-02-28', '838:59:59', 'a', b'0', '')`;

beforeAll(async () => {
  ({ tenant } = await provisionTestTenant({ slug: uniqueSlug("bk") }));
  await sql(tenant.databaseName, TYPES_TABLE);
  await sql(tenant.databaseName, TYPES_ROWS);
  await addRows(tenant.databaseName, 3000);
});

afterEach(() => vi.restoreAllMocks());

async function fileOf(backupId: string) {
  const row = await landlord().tenantBackup.findUniqueOrThrow({ where: { id: backupId } });
  return { row, file: path.join(dir, row.file ?? "") };
}

describe("tenants backup <slug>", () => {
  it("writes an encrypted file and its manifest under BACKUP_DIR/<slug>, and records it", async () => {
    const { code, stdout, stderr } = await cli("backup", tenant.slug);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(
      new RegExp(
        `^Backed up ${tenant.slug}: [\\d,]+ rows in \\d+ tables, .* → ${tenant.slug}/.*\\.sql\\.gz\\.aes in [\\d.]+ s \\(backup [0-9a-f-]{36}\\)\\.\\n$`,
      ),
    );
    const [row] = await backupsOf(tenant.id);
    expect(row).toMatchObject({
      status: "succeeded",
      verification: "unverified",
      reason: "manual",
      kind: "tenant",
      slug: tenant.slug,
    });
    expect(row?.createdBy).toMatch(/^operator:/);
    expect(row?.dataKey).toMatch(/^v1:test:/);

    const files = filesUnder(dir);
    expect(files).toEqual([row?.file, `${row?.file}.manifest.json`]);
    const bytes = readFileSync(path.join(dir, row?.file ?? ""));
    expect(bytes.subarray(0, 8).toString()).toBe("TPBACKUP");
    expect(bytes.includes(Buffer.from("CREATE TABLE"))).toBe(false);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(row?.checksum);
    expect(Number(row?.sizeBytes)).toBe(bytes.length);

    const manifest = JSON.parse(readFileSync(path.join(dir, `${row?.file}.manifest.json`), "utf8"));
    const applied = (await readMigrations(TENANT_MIGRATIONS)).map((m) => m.name);
    expect(manifest).toMatchObject({
      format: "tenant-portal-backup",
      formatVersion: 1,
      id: row?.id,
      kind: "tenant",
      tenant: { id: tenant.id, slug: tenant.slug, numericId: tenant.numericId.toString() },
      database: tenant.databaseName,
      server: `${testServer().host}:${testServer().port}`,
      migrations: { applied },
      file: { sha256: row?.checksum },
      compression: "gzip",
      encryption: { algorithm: "AES-256-GCM", keyId: "test", dataKey: row?.dataKey },
    });
    expect(manifest.mac).toMatch(/^[0-9a-f]{64}$/);
    const tables = Object.fromEntries(manifest.tables.map((t: { name: string; rows: number }) => [t.name, t.rows]));
    expect(tables).toMatchObject({
      backup_types: 3,
      committee_users: 3000,
      tenant_users: 1,
      roles: 3,
      _prisma_migrations: applied.length,
    });
    expect(Number(row?.rowCount)).toBe(manifest.rowCount);

    const audit = await landlord().auditLog.findFirst({ where: { action: "tenant.backed_up", tenantId: tenant.id } });
    expect(audit?.context).toMatchObject({ slug: tenant.slug, backupId: row?.id });
  });

  it("is plain SQL inside that the mariadb client loads into the very same rows", async () => {
    const [row] = await backupsOf(tenant.id);
    // The helper needs only the file, its manifest and the keyring.
    const sqlFile = path.join(dir, "plain.sql");
    const decrypted = await cli("backup:decrypt", "--file", path.join(dir, row?.file ?? ""), "--out", sqlFile);
    expect(decrypted.code).toBe(0);
    expect(decrypted.stdout).toContain(`Wrote ${sqlFile}: the SQL of backup ${row?.id} of tenant ${tenant.slug}.`);
    const text = readFileSync(sqlFile, "utf8");
    // The console's download of the same backup as SQL is the same bytes.
    const { stream } = await backupSqlStream(row?.id ?? "", TEST_OPERATOR);
    const viaRecord = path.join(dir, "via-record.sql");
    await pipeline(stream, createWriteStream(viaRecord));
    expect(readFileSync(viaRecord).equals(readFileSync(sqlFile))).toBe(true);
    const decryptions = await landlord().auditLog.findMany({
      where: { action: "tenant.backup_decrypted", tenantId: tenant.id },
    });
    expect(decryptions.map((a) => a.actorType).sort()).toEqual(["operator", "operator"]);
    // And its download as stored: the encrypted file and its manifest, checked first.
    const download = await backupDownload(row?.id ?? "");
    expect(download.fileName).toBe(path.basename(row?.file ?? ""));
    expect(download.bytes).toBe(Number(row?.sizeBytes));
    expect(JSON.parse(download.manifest).id).toBe(row?.id);
    expect((await buffer(download.stream())).equals(readFileSync(path.join(dir, row?.file ?? "")))).toBe(true);
    expect(text).toContain("CREATE TABLE `backup_types`");
    expect(text.trimEnd().endsWith("-- end of backup")).toBe(true);

    const copy = trackDatabase(uniqueName("tenant_client_load"));
    await sql(undefined, `CREATE DATABASE ${copy}`);
    const { host, port, user } = testServer();
    execFileSync("mariadb", ["-h", host, "-P", String(port), "-u", user, copy], { input: readFileSync(sqlFile) });
    // Every table, every row, byte for byte (the hashes are recomputed from the loaded rows).
    expect(await compareWithManifest(testServer(), copy, row?.manifest as never)).toEqual([]);
    const [original, loaded] = await Promise.all(
      [tenant.databaseName, copy].map((db) =>
        sql(
          db,
          "SELECT id, HEX(bin) AS bin, HEX(bits) AS bits, txt, js, dt, ts, tm, big, dec_value, dbl, latin, gen FROM backup_types ORDER BY id",
        ),
      ),
    );
    expect(loaded).toEqual(original);
  });

  it("backup:verify restores into a scratch database, finds it equal, and drops it", async () => {
    const before = await sql<{ n: string }>(undefined, "SELECT SCHEMA_NAME AS n FROM information_schema.SCHEMATA");
    const { code, stdout } = await cli("backup:verify", tenant.slug);
    expect(stdout).toContain("verified: restored into a scratch database, every table matches its manifest");
    expect(code).toBe(0);
    const [row] = await backupsOf(tenant.id);
    expect(row?.verification).toBe("passed");
    expect(row?.verifiedAt).not.toBeNull();
    const after = await sql<{ n: string }>(undefined, "SELECT SCHEMA_NAME AS n FROM information_schema.SCHEMATA");
    expect(after.map((r) => r.n).filter((n) => n.includes("__v"))).toEqual(
      before.map((r) => r.n).filter((n) => n.includes("__v")),
    );
    expect(await landlord().databaseCatalogEntry.count({ where: { role: "scratch" } })).toBe(0);
  });

  it("marks a backup whose file was altered as failed verification, and never counts it as good again", async () => {
    await cli("backup", tenant.slug);
    const rows = await backupsOf(tenant.id);
    const latest = rows.at(-1);
    const { file } = await fileOf(latest?.id ?? "");
    const bytes = readFileSync(file);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = (bytes[middle] as number) ^ 0x01;
    writeFileSync(file, bytes);

    const { code, stdout } = await cli("backup:verify", tenant.slug, "--backup", latest?.id ?? "");
    expect(code).toBe(1);
    expect(stdout).toContain(`✖ Backup ${latest?.id} FAILED verification; it no longer counts as a good backup:`);
    expect(stdout).toMatch(/has SHA-256 [0-9a-f]{64}, but its record says [0-9a-f]{64}: it was changed or damaged/);
    const row = await landlord().tenantBackup.findUniqueOrThrow({ where: { id: latest?.id } });
    expect(row.verification).toBe("failed");
    const listed = await listBackups(tenant.slug);
    expect(listed.find((b) => b.id === latest?.id)?.good).toBe(false);
    // A restore of it is refused before anything changes.
    const restore = await cli("restore", tenant.slug, "--backup", latest?.id ?? "");
    expect(restore.code).toBe(1);
    expect(restore.stderr).toMatch(/failed verification/);
    expect((await landlord().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).databaseName).toBe(
      tenant.databaseName,
    );
  });

  it("a full disk fails the backup with a clear message, and leaves no file and no good backup", async () => {
    vi.spyOn(backupDisk, "createWriteStream").mockImplementation(
      () =>
        new Writable({
          write(_chunk, _encoding, done) {
            done(Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" }));
          },
        }),
    );
    const goodBefore = (await listBackups(tenant.slug)).filter((b) => b.good).length;
    const filesBefore = filesUnder(dir);
    const { code, stderr } = await cli("backup", tenant.slug);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^✖ Backup of tenant .* failed: The disk is full: could not write .* \(ENOSPC\)\. Nothing was kept\.\n$/,
    );
    expect(filesUnder(dir)).toEqual(filesBefore);
    const latest = (await backupsOf(tenant.id)).at(-1);
    expect(latest).toMatchObject({ status: "failed" });
    expect(latest?.error).toContain("ENOSPC");
    expect((await listBackups(tenant.slug)).filter((b) => b.good).length).toBe(goodBefore);
  });
});

describe("bad input", () => {
  it("refuses a path that leads outside BACKUP_DIR unless --file names it", async () => {
    for (const outside of ["../../etc/passwd", "/etc/passwd", `${tenant.slug}/../../outside.sql.gz.aes`]) {
      const { code, stderr } = await cli("restore", tenant.slug, "--backup", outside);
      expect(code, outside).toBe(2);
      expect(stderr).toMatch(/is outside BACKUP_DIR .*; give a file elsewhere with --file/);
    }
    expect((await landlord().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).databaseName).toBe(
      tenant.databaseName,
    );
  });

  it("a corrupt file, a wrong checksum and another tenant's manifest each say so and change nothing", async () => {
    const { tenant: other } = await provisionTestTenant({ slug: uniqueSlug("bk-other") });
    await cli("backup", other.slug);
    const [otherBackup] = await backupsOf(other.id);
    const [mine] = (await backupsOf(tenant.id)).filter((b) => b.verification === "passed");
    const mineFile = path.join(dir, mine?.file ?? "");
    const outside = path.join(dir, "..", `${path.basename(dir)}-outside`);
    execFileSync("mkdir", ["-p", outside]);
    const copy = (from: string, name: string) => {
      const to = path.join(outside, name);
      writeFileSync(to, readFileSync(from));
      writeFileSync(`${to}.manifest.json`, readFileSync(`${from}.manifest.json`));
      return to;
    };
    const before = {
      databases: await landlord().databaseCatalogEntry.count(),
      holds: await landlord().maintenanceHold.count(),
    };

    const corrupt = copy(mineFile, "corrupt.sql.gz.aes");
    writeFileSync(corrupt, Buffer.concat([Buffer.from("garbage"), readFileSync(corrupt).subarray(7)]));
    const wrongSum = copy(mineFile, "edited.sql.gz.aes");
    const manifest = JSON.parse(readFileSync(`${wrongSum}.manifest.json`, "utf8"));
    manifest.file.sha256 = "0".repeat(64);
    writeFileSync(`${wrongSum}.manifest.json`, JSON.stringify(manifest));
    const foreign = copy(path.join(dir, otherBackup?.file ?? ""), "foreign.sql.gz.aes");

    const cases: [string, RegExp][] = [
      [corrupt, /has SHA-256 [0-9a-f]{64}, but its manifest says [0-9a-f]{64}: it was changed or damaged/],
      [wrongSum, /manifest is not usable: its contents were changed after it was written/],
      [
        foreign,
        new RegExp(`This backup belongs to tenant ${other.slug} \\(${other.id}\\), not to the tenant being restored`),
      ],
    ];
    for (const [file, message] of cases) {
      const { code, stderr } = await cli("restore", tenant.slug, "--file", file);
      expect(stderr, file).toMatch(message);
      expect(code === 1 || code === 2, file).toBe(true);
    }
    expect((await landlord().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).databaseName).toBe(
      tenant.databaseName,
    );
    expect({
      databases: await landlord().databaseCatalogEntry.count(),
      holds: await landlord().maintenanceHold.count(),
    }).toEqual(before);
    execFileSync("rm", ["-rf", outside]);
  });
});

describe("the landlord database", () => {
  it("backup --landlord writes under _landlord, and backup:verify --landlord restores it equal", async () => {
    const made = await cli("backup", "--landlord");
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/^Backed up the landlord database: .* → _landlord\/.*\.sql\.gz\.aes/);
    const checked = await cli("backup:verify", "--landlord");
    expect(checked.stdout).toContain("verified");
    expect(checked.code).toBe(0);
    const row = await landlord().tenantBackup.findFirstOrThrow({ where: { kind: "landlord" } });
    expect(row).toMatchObject({ status: "succeeded", verification: "passed", tenantId: null });
    const tables = (row.manifest as { tables: { name: string }[] }).tables.map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(["tenants", "tenant_applications", "tenant_backups", "audit_logs"]));
    expect(await databaseExists(tenant.databaseName)).toBe(true);
  });
});
