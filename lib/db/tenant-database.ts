// The one database-name rule. A new tenant's database is named once, from its
// slug, when the run's first step creates the tenant row; from then on the
// row's `database_name` is the only source (a restore or a move may switch it
// to another name, a move its server). Every name passes the identifier check
// before any SQL.
import { AppError } from "../errors";
import { DATABASE_PREFIX, quoteIdentifier } from "./identifiers";

/** A tenant database by its stored name (a tenant row, or a catalog entry). */
export interface TenantDatabaseRef {
  databaseName: string;
}

/**
 * What it takes to connect to a tenant's database as the tenant: the stored
 * name, its server and which of its own database users is in use. Required,
 * so no caller reaches a tenant's data without them; a row whose credential
 * slot is null (a tenant made before credentials existed, until
 * `tenants credentials:provision`) is reached as its server's admin.
 */
export interface TenantConnectionRef extends TenantDatabaseRef {
  id: string;
  serverId: number | null;
  credentialSlot: "a" | "b" | null;
  credentialVersion: number;
}

/** The tenant's database, from its row; refuses a name that is not a tenant database. */
export function tenantDatabaseName(tenant: TenantDatabaseRef): string {
  const name = tenant.databaseName;
  if (!name.startsWith(DATABASE_PREFIX)) {
    throw new AppError("INVALID_STATE", `"${name}" is not a tenant database (names start with ${DATABASE_PREFIX}).`);
  }
  quoteIdentifier(name);
  return name;
}

/**
 * Everything that decides which connection reaches the tenant's database:
 * a switch of server, database or database user gives a new key, so every
 * process opens new connections at its next request and never keeps the old ones.
 */
export function connectionKey(tenant: TenantConnectionRef): string {
  const slot = tenant.credentialSlot ?? "admin";
  return [tenant.id, tenant.serverId ?? "first", tenantDatabaseName(tenant), slot, tenant.credentialVersion].join("|");
}
