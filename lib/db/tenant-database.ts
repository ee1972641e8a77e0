// The one database-name rule. A new tenant's database is named once, from its
// slug, when the run's first step creates the tenant row; from then on the
// row's `database_name` is the only source (a restore or a move may switch it
// to another name). Every name passes the identifier check before any SQL.
import { AppError } from "../errors";
import { DATABASE_PREFIX, quoteIdentifier } from "./identifiers";

/** What it takes to find a tenant's database: the stored name. */
export interface TenantDatabaseRef {
  databaseName: string;
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
