// What provisioning left on the server, for assertions.
import { landlord } from "@/lib/db/landlord";
import { connect, databaseExists as hasDatabase, withServerConnection } from "@/lib/db/server";
import { testServer } from "./server";

export function databaseExists(name: string): Promise<boolean> {
  return withServerConnection(testServer(), (conn) => hasDatabase(conn, name));
}

export async function allDatabases(): Promise<string[]> {
  const conn = await connect(testServer());
  try {
    const rows: { n: string }[] = await conn.query("SELECT SCHEMA_NAME AS n FROM information_schema.SCHEMATA");
    return rows.map((r) => r.n).sort();
  } finally {
    await conn.end();
  }
}

export async function tenantUsers(database: string): Promise<{ email: string }[]> {
  const conn = await connect(testServer(), { database });
  try {
    return await conn.query("SELECT email FROM tenant_users");
  } finally {
    await conn.end();
  }
}

/** Everything one slug has on the platform: tenants, databases, admins, emails. */
export async function footprint(slug: string, applicationId: string) {
  const database = `tenant_${slug.replaceAll("-", "_")}`;
  const exists = await databaseExists(database);
  return {
    tenants: await landlord().tenant.count({ where: { slug } }),
    database: exists,
    admins: exists ? (await tenantUsers(database).catch(() => [])).length : 0,
    welcomeEmails: await landlord().emailOutbox.count({ where: { applicationId, template: "welcome" } }),
    liveTokens: await landlord().passwordSetupToken.count({ where: { usedAt: null, email: { contains: slug } } }),
  };
}

/** A provisioned slug: exactly one of everything. */
export const ONE_OF_EVERYTHING = { tenants: 1, database: true, admins: 1, welcomeEmails: 1, liveTokens: 1 } as const;

/** A rolled-back slug: nothing left. */
export const NOTHING_LEFT = { tenants: 0, database: false, admins: 0, welcomeEmails: 0, liveTokens: 0 } as const;

/** The Prisma client of the tenant at `slug`, as the tenant connects (its own database user). */
export async function tenantDbFor(slug: string) {
  const { tenantClient } = await import("@/lib/db/tenant-clients");
  return tenantClient(await landlord().tenant.findUniqueOrThrow({ where: { slug } }));
}
