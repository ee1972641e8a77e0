// The one database-name rule. A new tenant's database is named once, from its
// slug, when the run's first step creates the tenant row; from then on the
// row's `database_name` is the only source (a restore or a move may switch it
// to another name, a move its server). Every name passes the identifier check
// before any SQL.
import { AppError } from "../errors";
import { DATABASE_PREFIX, quoteIdentifier } from "./identifiers";

/**
 * What it takes to reach a tenant's database: the stored name and, for a
 * tenant row, its server and which of its database users is in use. A ref
 * with only a name is reached on the first server as its admin (tests, and
 * rows read before a move or a credentials reset existed).
 */
export interface TenantDatabaseRef {
  databaseName: string;
  id?: string;
  serverId?: number | null;
  credentialSlot?: "a" | "b" | null;
  credentialVersion?: number;
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
export function connectionKey(tenant: TenantDatabaseRef): string {
  const slot = tenant.credentialSlot ?? "admin";
  return [
    tenant.id ?? "-",
    tenant.serverId ?? "first",
    tenantDatabaseName(tenant),
    slot,
    tenant.credentialVersion ?? 0,
  ].join("|");
}
