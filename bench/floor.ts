// The floor of one tenant: what provisioning costs with nothing around it.
// The same tenant migration SQL over one connection, the admin row, and one
// bcrypt hash at the same cost. Provisioning and burst measure against it.
import { randomBytes, randomUUID } from "node:crypto";
import bcrypt from "bcryptjs";
import type { Connection } from "mariadb";
import { readMigrations, TENANT_MIGRATIONS } from "@/lib/db/migrator";
import { env } from "@/lib/env";
import { BENCH_INITIAL_PASSWORD } from "./lib";

export async function tenantMigrationSql(): Promise<string> {
  return (await readMigrations(TENANT_MIGRATIONS)).map((m) => m.sql).join("\n");
}

export function floorDatabaseName(): string {
  return `tenant_floor_${randomBytes(4).toString("hex")}`;
}

/** Makes one tenant the floor's way on `conn` (opened with multipleStatements). */
export async function floorTenant(conn: Connection, database: string, sql: string): Promise<void> {
  await conn.query(
    `CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; USE \`${database}\`; ${sql}`,
  );
  const hash = await bcrypt.hash(BENCH_INITIAL_PASSWORD, env().BCRYPT_COST);
  await conn.query(
    "INSERT INTO tenant_users (uuid, first_name, last_name, email, password_hash, must_change_password, tenant_id, status, metadata, updated_at) VALUES (?, 'F', 'L', 'f@example.org', ?, 1, 1, 'active', '{\"is_initial_admin\":true}', NOW(3))",
    [randomUUID(), hash],
  );
}
