// The portal's own dump keeps a database's triggers (the landlord's
// application counts are kept by triggers), after the rows so that loading
// them fires none, and refuses a trigger it could not write back whole.
import { afterAll, describe, expect, it } from "vitest";
import { dumpDatabase } from "@/lib/db/dump/dump-database";
import { loadSql } from "@/lib/db/dump/load-sql";
import { connect, createDatabase } from "@/lib/db/server";
import { dropTrackedDatabases, trackDatabase } from "./helpers/databases";
import { testServer, uniqueName } from "./helpers/server";

afterAll(() => dropTrackedDatabases());

async function dumpToBuffer(database: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const conn = await connect(testServer(), { database });
  try {
    await dumpDatabase(conn, database, async (chunk) => void chunks.push(Buffer.from(chunk)), { comments: ["test"] });
  } finally {
    await conn.end();
  }
  return Buffer.concat(chunks);
}

async function withDatabase<T>(database: string, work: (conn: Awaited<ReturnType<typeof connect>>) => Promise<T>) {
  const conn = await connect(testServer(), { database, multipleStatements: true });
  try {
    return await work(conn);
  } finally {
    await conn.end();
  }
}

async function createSource(): Promise<string> {
  const source = trackDatabase(uniqueName("dump_src"));
  const admin = await connect(testServer());
  await createDatabase(admin, source);
  await admin.end();
  await withDatabase(source, async (conn) => {
    await conn.query("CREATE TABLE items (id INT PRIMARY KEY, status VARCHAR(10) NOT NULL)");
    await conn.query("CREATE TABLE counts (status VARCHAR(10) PRIMARY KEY, n INT NOT NULL)");
    await conn.query("INSERT INTO counts VALUES ('open', 0)");
    await conn.query(
      "CREATE TRIGGER items_count AFTER INSERT ON items FOR EACH ROW\n  UPDATE counts SET n = n + 1 WHERE status = NEW.status",
    );
    await conn.query("INSERT INTO items VALUES (1, 'open'), (2, 'open')");
  });
  return source;
}

describe("dumping a database with triggers", () => {
  it("writes them after the rows, without a definer; loaded elsewhere they fire on new rows and not on the copied ones", async () => {
    const source = await createSource();
    const sql = await dumpToBuffer(source);
    const text = sql.toString("utf8");
    expect(text).toMatch(/CREATE TRIGGER `?items_count`? AFTER INSERT/);
    expect(text).not.toMatch(/DEFINER/i);
    expect(text.indexOf("-- trigger items_count")).toBeGreaterThan(text.indexOf("INSERT INTO `items`"));

    const copy = trackDatabase(uniqueName("dump_dst"));
    const admin = await connect(testServer());
    await createDatabase(admin, copy);
    await admin.end();
    await withDatabase(copy, async (conn) => {
      await loadSql(
        conn,
        (async function* () {
          yield sql;
        })(),
      );
      // Copied as they were: 2, not 4 (the trigger did not fire on the load).
      expect((await conn.query("SELECT n FROM counts WHERE status = 'open'"))[0].n).toBe(2);
      await conn.query("INSERT INTO items VALUES (3, 'open')");
      expect((await conn.query("SELECT n FROM counts WHERE status = 'open'"))[0].n).toBe(3);
    });
  });

  it("refuses a trigger whose body holds several statements, rather than writing a file that loads wrong", async () => {
    const source = await createSource();
    await withDatabase(source, (conn) =>
      conn.query(
        "CREATE TRIGGER items_twice AFTER INSERT ON items FOR EACH ROW BEGIN UPDATE counts SET n = n + 1; UPDATE counts SET n = n - 1; END",
      ),
    );
    await expect(dumpToBuffer(source)).rejects.toThrow(/items_twice has a body of several statements/);
  });
});
