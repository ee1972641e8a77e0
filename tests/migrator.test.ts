import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { markRolledBack, migrate, migrationStatus, readMigrations, TENANT_MIGRATIONS } from "@/lib/db/migrator";
import { connect } from "@/lib/db/server";
import { trackDatabase } from "./helpers/databases";
import { migrationFolder, writeMigration } from "./helpers/migration-folder";
import { testServer, uniqueName } from "./helpers/server";

const server = testServer();

async function query<T>(database: string, sql: string): Promise<T[]> {
  const conn = await connect(server, { database });
  try {
    return await conn.query(sql);
  } finally {
    await conn.end();
  }
}

const first = "CREATE TABLE a (id INT PRIMARY KEY);";
const second = "CREATE TABLE b (id INT PRIMARY KEY); INSERT INTO a VALUES (1);";

describe("migration runner", () => {
  it("applies every migration in order and records it as Prisma does", async () => {
    const db = trackDatabase(uniqueName("mig_apply"));
    const dir = migrationFolder({ "001_a": first, "002_b": second });
    const result = await migrate({ server, database: db, dir, create: true });
    expect(result.applied).toEqual(["001_a", "002_b"]);

    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished_at: Date;
      applied_steps_count: number;
    }>(
      db,
      "SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name",
    );
    expect(rows.map((r) => r.migration_name)).toEqual(["001_a", "002_b"]);
    const sha = createHash("sha256")
      .update(readFileSync(path.join(dir, "001_a", "migration.sql")))
      .digest("hex");
    expect(rows[0]?.checksum).toBe(sha);
    expect(rows.every((r) => r.finished_at instanceof Date && r.applied_steps_count === 1)).toBe(true);
    expect(await query(db, "SELECT * FROM a")).toHaveLength(1);
  });

  it("applies nothing the second time, and only the new migration when one is added", async () => {
    const db = trackDatabase(uniqueName("mig_again"));
    const dir = migrationFolder({ "001_a": first });
    await migrate({ server, database: db, dir, create: true });
    const again = await migrate({ server, database: db, dir });
    expect(again.applied).toEqual([]);
    expect(again.skipped).toBe(1);

    writeMigration(dir, "002_b", second);
    await readMigrations(dir, true);
    const third = await migrate({ server, database: db, dir });
    expect(third.applied).toEqual(["002_b"]);
    expect(await query(db, "SELECT * FROM a")).toHaveLength(1); // 001 did not run again
  });

  it("refuses to go on when an applied migration's file has changed", async () => {
    const db = trackDatabase(uniqueName("mig_changed"));
    const dir = migrationFolder({ "001_a": first });
    await migrate({ server, database: db, dir, create: true });

    writeMigration(dir, "001_a", `${first}\nCREATE TABLE sneaky (id INT);`);
    writeMigration(dir, "002_b", second);
    await readMigrations(dir, true);
    await expect(migrate({ server, database: db, dir })).rejects.toThrow(/001_a.*has changed.*checksum/);

    const tables = await query<{ t: string }>(
      db,
      "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
    );
    expect(tables.map((r) => r.t).sort()).toEqual(["_prisma_migrations", "a"]); // neither sneaky nor b
    const status = await migrationStatus(server, db, dir);
    expect(status.changed).toEqual(["001_a"]);
    expect(status.pending).toEqual(["002_b"]);
  });

  it("records a migration that fails halfway with its error, keeps what was applied, and resumes once resolved", async () => {
    const db = trackDatabase(uniqueName("mig_fail"));
    const dir = migrationFolder({
      "001_a": first,
      "002_broken": "CREATE TABLE c (id INT PRIMARY KEY); INSERT INTO no_such_table VALUES (1);",
      "003_d": "CREATE TABLE d (id INT PRIMARY KEY);",
    });
    await expect(migrate({ server, database: db, dir, create: true })).rejects.toThrow(
      /Migration 002_broken failed on .*no_such_table/,
    );
    const rows = await query<{ migration_name: string; finished_at: Date | null; logs: string | null }>(
      db,
      "SELECT migration_name, finished_at, logs FROM _prisma_migrations ORDER BY migration_name",
    );
    expect(rows.map((r) => [r.migration_name, r.finished_at !== null])).toEqual([
      ["001_a", true],
      ["002_broken", false],
    ]);
    expect(rows[1]?.logs).toMatch(/no_such_table/);

    // A second run refuses rather than applying a half-applied migration again.
    await expect(migrate({ server, database: db, dir })).rejects.toThrow(/002_broken failed earlier.*rolled back/);
    expect((await migrationStatus(server, db, dir)).failed.map((f) => f.name)).toEqual(["002_broken"]);

    // The operator repairs it: undo the half, fix the file, mark it rolled back.
    await query(db, "DROP TABLE c");
    writeMigration(dir, "002_broken", "CREATE TABLE c (id INT PRIMARY KEY);");
    await readMigrations(dir, true);
    expect(await markRolledBack(server, db, "002_broken")).toBe(true);
    const resumed = await migrate({ server, database: db, dir });
    expect(resumed.applied).toEqual(["002_broken", "003_d"]);
    expect(await query(db, "SELECT * FROM a")).toHaveLength(0); // 001 never ran twice
  });

  it("lets two runners on one database take turns: each migration applied exactly once", async () => {
    const db = trackDatabase(uniqueName("mig_race"));
    const dir = migrationFolder({
      "001_a": first,
      "002_slow": "CREATE TABLE s (id INT PRIMARY KEY); DO SLEEP(0.3); INSERT INTO a VALUES (7);",
    });
    const results = await Promise.all([
      migrate({ server, database: db, dir, create: true }),
      migrate({ server, database: db, dir, create: true }),
      migrate({ server, database: db, dir, create: true }),
    ]);
    expect(results.flatMap((r) => r.applied).sort()).toEqual(["001_a", "002_slow"]);
    const rows = await query(db, "SELECT id FROM _prisma_migrations");
    expect(rows).toHaveLength(2);
    expect(await query(db, "SELECT * FROM a")).toHaveLength(1);
  });

  it("gives up with a clear message when another runner holds the lock too long", async () => {
    const db = trackDatabase(uniqueName("mig_lock"));
    const dir = migrationFolder({ "001_a": first });
    await migrate({ server, database: db, dir, create: true });
    const holder = await connect(server);
    try {
      const lock = `migrate:${createHash("sha1").update(db).digest("hex")}`;
      await holder.query("SELECT GET_LOCK(?, 1)", [lock]);
      await expect(migrate({ server, database: db, dir, lockTimeoutSeconds: 1 })).rejects.toThrow(
        /Another migration runner is holding/,
      );
    } finally {
      await holder.end();
    }
  });

  it("reports a database that does not exist as all pending, without creating it", async () => {
    const db = uniqueName("mig_absent");
    const status = await migrationStatus(server, db, TENANT_MIGRATIONS);
    expect(status.applied).toEqual([]);
    expect(status.pending.length).toBeGreaterThan(0);
    const exists = await query("information_schema", `SELECT 1 FROM SCHEMATA WHERE SCHEMA_NAME = '${db}'`);
    expect(exists).toHaveLength(0);
  });

  it("refuses a database name that is not a plain identifier", async () => {
    const dir = migrationFolder({ "001_a": first });
    await expect(migrate({ server, database: "x`; DROP DATABASE mysql; --", dir, create: true })).rejects.toThrow(
      /unsafe database identifier/,
    );
  });
});
