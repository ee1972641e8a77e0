import { readFileSync } from "node:fs";
import type { Connection } from "mariadb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LANDLORD_MIGRATIONS, migrate, TENANT_MIGRATIONS } from "@/lib/db/migrator";
import { connect } from "@/lib/db/server";
import { trackDatabase } from "./helpers/databases";
import { schemaDrift } from "./helpers/schema-drift";
import { testServer, uniqueName } from "./helpers/server";

const server = testServer();
const landlordSchema = readFileSync("prisma/landlord/schema.prisma", "utf8");
const tenantSchema = readFileSync("prisma/tenant/schema.prisma", "utf8");
let conn: Connection;

beforeAll(async () => {
  conn = await connect(server);
});
afterAll(async () => {
  await conn.end();
});

async function migrated(prefix: string, dir: string): Promise<string> {
  const db = trackDatabase(uniqueName(prefix));
  await migrate({ server, database: db, dir, create: true });
  return db;
}

describe("schema.prisma and its migrations agree", () => {
  it("landlord: every table, column, unique and index of the datamodel exists as declared", async () => {
    const db = await migrated("drift_landlord", LANDLORD_MIGRATIONS);
    expect(await schemaDrift(conn, db, landlordSchema)).toEqual([]);
  });

  it("tenant: every table, column, unique and index of the datamodel exists as declared", async () => {
    const db = await migrated("drift_tenant", TENANT_MIGRATIONS);
    expect(await schemaDrift(conn, db, tenantSchema)).toEqual([]);
  });

  it("fails when the schema gains a field, an index or a model that no migration made", async () => {
    const db = await migrated("drift_edit", TENANT_MIGRATIONS);
    const edited = tenantSchema
      .replace(
        "  lastLoginAt        DateTime?",
        "  phone              String?                   @db.VarChar(32)\n  lastLoginAt        DateTime?",
      )
      .replace("  @@index([status])\n", "  @@index([status])\n  @@index([lastName])\n")
      .concat('\nmodel Ballot {\n  id Int @id @default(autoincrement())\n  @@map("ballots")\n}\n');
    const problems = await schemaDrift(conn, db, edited);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/TenantUser\.phone: column tenant_users\.phone is missing/),
        expect.stringMatching(/TenantUser: normal index on \(last_name\) is missing/),
        expect.stringMatching(/Ballot: table ballots is missing/),
      ]),
    );
  });

  it("fails when a field's type or nullability changes, or a field is dropped from the schema", async () => {
    const db = await migrated("drift_type", TENANT_MIGRATIONS);
    const edited = tenantSchema
      .replace(
        'firstName          String                    @map("first_name") @db.VarChar(100)',
        'firstName          String?                   @map("first_name") @db.VarChar(120)',
      )
      .replace(/\n\s+lastLoginAt\s+DateTime\?\s+@map\("last_login_at"\) @db\.DateTime\(3\)/, "");
    const problems = await schemaDrift(conn, db, edited);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /TenantUser\.firstName: tenant_users\.first_name is varchar\(100\), the schema says varchar\(120\)/,
        ),
        expect.stringMatching(/TenantUser\.firstName: .* is NOT NULL/),
        expect.stringMatching(/column tenant_users\.last_login_at is not in the schema/),
      ]),
    );
  });
});
