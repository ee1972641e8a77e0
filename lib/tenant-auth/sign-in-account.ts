// The account a sign-in checks, read by one parameterized SELECT on a raw
// connection of the tenant's own pool. Sign-ins spread over thousands of
// tenants mostly reach a tenant whose Prisma client the cache let go; making
// one (and compiling its queries) cost more than the query itself, and the
// sign-in needs nothing else from it. Times are compared on the server in UTC,
// as Prisma stores them, so the connection's time zone plays no part.
import "server-only";
import { withTenantConnection } from "../db/tenant-clients";
import type { TenantConnectionRef } from "../db/tenant-database";

export interface SignInAccount {
  id: bigint;
  uuid: string;
  email: string;
  firstName: string;
  lastName: string;
  passwordHash: string;
  mustChangePassword: boolean;
  /** Active and not deleted. */
  active: boolean;
  /** An initial password whose link has expired. */
  initialPasswordExpired: boolean;
}

interface Row {
  id: bigint | number;
  uuid: string;
  email: string;
  first_name: string;
  last_name: string;
  password_hash: string;
  must_change_password: number;
  active: number | bigint;
  initial_password_expired: number | bigint;
}

const SELECT_ACCOUNT = `SELECT id, uuid, email, first_name, last_name, password_hash, must_change_password,
  (status = 'active' AND deleted_at IS NULL) AS active,
  (password_expires_at IS NOT NULL AND password_expires_at <= UTC_TIMESTAMP(3)) AS initial_password_expired
  FROM tenant_users WHERE email = ?`;

export async function findSignInAccount(tenant: TenantConnectionRef, email: string): Promise<SignInAccount | null> {
  const rows: Row[] = await withTenantConnection(tenant, (conn) => conn.query(SELECT_ACCOUNT, [email]));
  const row = rows[0];
  if (!row) return null;
  return {
    id: BigInt(row.id),
    uuid: row.uuid,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    passwordHash: row.password_hash,
    mustChangePassword: Boolean(row.must_change_password),
    active: Number(row.active) === 1,
    initialPasswordExpired: Number(row.initial_password_expired) === 1,
  };
}
