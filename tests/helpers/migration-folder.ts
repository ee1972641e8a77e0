// Scratch migration folders in Prisma's layout, for runner tests and the fleet benchmarks.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { TENANT_MIGRATIONS } from "@/lib/db/migrator";

export function migrationFolder(migrations: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "migrations-"));
  for (const [name, sql] of Object.entries(migrations)) writeMigration(dir, name, sql);
  return dir;
}

/** A scratch copy of the tenant migrations with `migrations` added after them. */
export function tenantMigrationsWith(migrations: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "tenant-migrations-"));
  cpSync(TENANT_MIGRATIONS, dir, { recursive: true });
  for (const [name, sql] of Object.entries(migrations)) writeMigration(dir, name, sql);
  return dir;
}

export function writeMigration(dir: string, name: string, sql: string): void {
  mkdirSync(path.join(dir, name), { recursive: true });
  writeFileSync(path.join(dir, name, "migration.sql"), sql);
}
