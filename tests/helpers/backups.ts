// Backups in tests: a BACKUP_DIR of the test file's own (removed afterwards),
// the command line in-process, and small readers of what a backup left.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { landlord } from "@/lib/db/landlord";
import { connect } from "@/lib/db/server";
import { resetEnvCache } from "@/lib/env";
import { captureIo } from "@/scripts/lib/cli/capture";
import { main } from "@/scripts/lib/cli/main";
import { testServer } from "./server";

/** Points BACKUP_DIR at a fresh folder for this test file and removes it after the file. */
export function tempBackupDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "backups-test-"));
  process.env.BACKUP_DIR = dir;
  resetEnvCache();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function cli(...argv: string[]) {
  const out = captureIo();
  const code = await main(argv, out.io);
  return { code, stdout: out.stdout(), stderr: out.stderr() };
}

/** Every file under a folder, relative to it, sorted. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(path.relative(dir, full));
    }
  };
  try {
    walk(dir);
  } catch {
    return [];
  }
  return out.sort();
}

export async function sql<T = Record<string, unknown>>(
  database: string | undefined,
  query: string,
  values?: unknown[],
) {
  const conn = await connect(testServer(), { database, multipleStatements: true });
  try {
    return (await conn.query(query, values)) as T[];
  } finally {
    await conn.end();
  }
}

export function backupsOf(tenantId: string) {
  return landlord().tenantBackup.findMany({ where: { tenantId }, orderBy: { startedAt: "asc" } });
}

/** Adds `count` committee users to a tenant database quickly (INSERT … SELECT over a sequence). */
export async function addRows(database: string, count: number, tag = "r"): Promise<void> {
  await sql(
    database,
    `INSERT INTO committee_users (uuid, tenant_id, first_name, last_name, email, committee_role, status, created_at, updated_at)
     SELECT UUID(), 1, CONCAT('First ', seq), CONCAT('O''Last\\n', seq), CONCAT('${tag}', seq, '@example.org'), 'member', 'active', NOW(3), NOW(3)
     FROM seq_1_to_${Number(count)}`,
  );
}
