// Raw SQL on a tenant's database. The tenant clients share one pool with no
// default database, and Prisma qualifies only the queries it builds itself
// (the adapter's `database` option), so a raw statement names its tables in
// full: `tenant_x`.`roles`. The name comes from the tenant's row and passes
// the identifier check, like every name that reaches SQL.
import "server-only";
import { Prisma } from "../generated/tenant/client";
import { quoteIdentifier } from "./identifiers";
import { type TenantDatabaseRef, tenantDatabaseName } from "./tenant-database";

export function tenantTable(tenant: TenantDatabaseRef, table: string): Prisma.Sql {
  return Prisma.raw(`${quoteIdentifier(tenantDatabaseName(tenant))}.${quoteIdentifier(table)}`);
}
