// Each tenant's own database users. A tenant has two, in slots a and b, so
// its credentials can be changed without downtime (MariaDB has no dual
// passwords): a reset gives the idle user a new password, switches the tenant
// to it, and then locks the other. Each user may only read and write its own
// database (no DDL: migrations run as the server's admin) and holds at most
// TENANT_USER_MAX_CONNECTIONS connections. Passwords are sealed by the
// keyring; names fit MySQL's 32 characters and say whose they are.
import "server-only";
import { randomBytes } from "node:crypto";
import type { Connection } from "mariadb";
import { env } from "../env";
import { AppError } from "../errors";
import type { CredentialSlot } from "../generated/landlord/client";
import { openText, seal } from "../keyring";
import { quoteIdentifier } from "./identifiers";
import { type LandlordTx, landlord } from "./landlord";

export type { CredentialSlot };

const USERNAME = /^t_[0-9a-f]{20}_[ab]$/;

/** `t_<20 hex of the tenant id>_<slot>`: 24 characters, unique as the tenant's UUID. */
export function tenantUsername(tenantId: string, slot: CredentialSlot): string {
  return `t_${tenantId.replaceAll("-", "").slice(0, 20).toLowerCase()}_${slot}`;
}

export const credentialPasswordContext = (username: string) => `tenant_credentials.password:${username}`;

function account(username: string): string {
  if (!USERNAME.test(username)) throw new AppError("INVALID_INPUT", `Refusing unsafe database user "${username}".`);
  return `'${username}'@'%'`;
}

export const otherSlot = (slot: CredentialSlot): CredentialSlot => (slot === "a" ? "b" : "a");

/** The slot's credential row, made (with a new password) if missing. */
export async function credentialRow(
  tenantId: string,
  slot: CredentialSlot,
  db: Pick<LandlordTx, "tenantCredential"> = landlord(),
): Promise<{ username: string; password: string }> {
  const username = tenantUsername(tenantId, slot);
  const existing = await db.tenantCredential.findUnique({ where: { tenantId_slot: { tenantId, slot } } });
  if (existing) return { username, password: openText(existing.password, credentialPasswordContext(username)) };
  const password = randomBytes(24).toString("base64url");
  await db.tenantCredential
    .create({ data: { tenantId, slot, username, password: seal(password, credentialPasswordContext(username)) } })
    .catch(async (error) => {
      // Another attempt made it a moment ago: use that one.
      if (!(await db.tenantCredential.findUnique({ where: { tenantId_slot: { tenantId, slot } } }))) throw error;
    });
  return credentialRow(tenantId, slot, db);
}

/** The user and password a tenant's connections sign in with (for its slot in use). */
export async function activeCredentials(tenantId: string, slot: CredentialSlot) {
  const row = await landlord().tenantCredential.findUnique({ where: { tenantId_slot: { tenantId, slot } } });
  if (!row) return null;
  return { username: row.username, password: openText(row.password, credentialPasswordContext(row.username)) };
}

/**
 * Creates (or brings up to date) the database user on the server the admin
 * connection `conn` is on: its password, its connection limit, its rights on
 * `database` only, unlocked. Safe to run again.
 */
export async function ensureDatabaseUser(
  conn: Connection,
  credentials: { username: string; password: string },
  database: string,
): Promise<void> {
  const who = account(credentials.username);
  const limit = env().TENANT_USER_MAX_CONNECTIONS;
  await conn.query(`CREATE USER IF NOT EXISTS ${who} IDENTIFIED BY ?`, [credentials.password]);
  await conn.query(`ALTER USER ${who} IDENTIFIED BY ? WITH MAX_USER_CONNECTIONS ${limit} ACCOUNT UNLOCK`, [
    credentials.password,
  ]);
  await conn.query(
    `GRANT SELECT, INSERT, UPDATE, DELETE, EXECUTE, CREATE TEMPORARY TABLES, LOCK TABLES ON ${quoteIdentifier(database)}.* TO ${who}`,
  );
}

/** Stops new sign-ins as this user (connections already open finish their work). */
export async function lockDatabaseUser(conn: Connection, username: string): Promise<void> {
  await conn.query(`ALTER USER IF EXISTS ${account(username)} ACCOUNT LOCK`);
}

/** Takes a user's rights on a database it no longer uses (none to take is fine). */
export async function revokeDatabaseUser(conn: Connection, username: string, database: string): Promise<void> {
  try {
    await conn.query(`REVOKE ALL PRIVILEGES ON ${quoteIdentifier(database)}.* FROM ${account(username)}`);
  } catch (error) {
    // ER_NONEXISTING_GRANT: it had none there.
    if ((error as { errno?: number }).errno !== 1141) throw error;
  }
}

export async function dropDatabaseUser(conn: Connection, username: string): Promise<void> {
  await conn.query(`DROP USER IF EXISTS ${account(username)}`);
}

/** Whether a user of this name exists on the server of `conn`. */
export async function databaseUserExists(conn: Connection, username: string): Promise<boolean> {
  const rows: unknown[] = await conn.query("SELECT 1 FROM mysql.user WHERE User = ? AND Host = '%'", [username]);
  return rows.length > 0;
}

/** Every user on the server of `conn` that is named like a tenant's. */
export async function tenantUsersOnServer(conn: Connection): Promise<string[]> {
  const rows: { User: string }[] = await conn.query(
    "SELECT User FROM mysql.user WHERE Host = '%' AND User LIKE 't\\_%'",
  );
  return rows.map((r) => r.User).filter((u) => USERNAME.test(u));
}
