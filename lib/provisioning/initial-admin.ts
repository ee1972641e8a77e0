// The initial admin's row, written by provisioning on one raw connection of
// the new tenant's own pool. Not through a Prisma client: a client costs about
// 1.4 MiB for as long as the cache (lib/db/tenant-clients.ts) keeps it, and a
// tenant being provisioned is rarely the one whose pages are busy, so every
// approval would push a working tenant's client out of the cache and leave a
// new one in its place (measured in bench/soak.ts). Times are UTC, as Prisma
// writes them.
import "server-only";
import { randomUUID } from "node:crypto";
import { withTenantConnection, withTenantTransaction } from "../db/tenant-clients";
import type { TenantConnectionRef } from "../db/tenant-database";

export interface InitialAdmin {
  email: string;
  firstName: string;
  lastName: string;
  passwordHash: string;
  passwordExpiresAt: Date;
  /** tenants.numeric_id */
  tenantId: bigint;
  applicationId: string;
}

/** `2026-12-07 19:01:02.345`: a DATETIME(3) in UTC, whatever the connection's time zone. */
const utc = (date: Date) => date.toISOString().slice(0, 23).replace("T", " ");

/** The id of the tenant's user with this email, or null. */
export async function findTenantUserId(tenant: TenantConnectionRef, email: string): Promise<bigint | null> {
  const rows: { id: bigint | number }[] = await withTenantConnection(tenant, (conn) =>
    conn.query("SELECT id FROM tenant_users WHERE email = ?", [email]),
  );
  return rows[0] ? BigInt(rows[0].id) : null;
}

/** Creates the user with the tenant_admin role, in one transaction; returns its id. */
export async function createInitialAdmin(tenant: TenantConnectionRef, admin: InitialAdmin): Promise<bigint> {
  return withTenantTransaction(tenant, async (conn) => {
    const user = await conn.query(
      `INSERT INTO tenant_users (uuid, first_name, last_name, email, password_hash, must_change_password,
         password_expires_at, tenant_id, status, metadata, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 1, ?, ?, 'active', ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))`,
      [
        randomUUID(),
        admin.firstName,
        admin.lastName,
        admin.email,
        admin.passwordHash,
        utc(admin.passwordExpiresAt),
        admin.tenantId,
        JSON.stringify({ is_initial_admin: true, application_id: admin.applicationId }),
      ],
    );
    const id = BigInt(user.insertId);
    const role = await conn.query(
      "INSERT INTO user_roles (user_id, role_id) SELECT ?, id FROM roles WHERE name = 'tenant_admin'",
      [id],
    );
    if (Number(role.affectedRows) !== 1) throw new Error("The tenant database has no tenant_admin role.");
    return id;
  });
}

/** Gives an initial admin who has not chosen a password yet a new initial one. */
export async function replaceInitialPassword(
  tenant: TenantConnectionRef,
  email: string,
  passwordHash: string,
  expiresAt: Date,
): Promise<void> {
  await withTenantConnection(tenant, (conn) =>
    conn.query(
      `UPDATE tenant_users SET password_hash = ?, password_expires_at = ?, updated_at = UTC_TIMESTAMP(3)
       WHERE email = ? AND must_change_password = 1`,
      [passwordHash, utc(expiresAt), email],
    ),
  );
}
