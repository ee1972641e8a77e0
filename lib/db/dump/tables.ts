// What a logical backup needs to know about a database's tables: their
// definitions (SHOW CREATE TABLE), the columns it writes (generated columns
// are left to the server), how each column's value is written, and the key
// that orders the rows. Read inside the backup's snapshot.
import "server-only";
import type { Connection } from "mariadb";
import { AppError } from "../../errors";
import { quoteIdentifier } from "../identifiers";

/** How a value is written: digits as they are, text quoted and escaped, bytes in hex. */
export type ValueKind = "number" | "text" | "binary";

export interface ColumnInfo {
  name: string;
  kind: ValueKind;
  /** A text column in another character set than utf8mb4 (or a subset of it): converted on reading. */
  convert: boolean;
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  /** The primary key's columns; all written columns when the table has none. */
  orderBy: string[];
  createSql: string;
}

const NUMBER = new Set(["tinyint", "smallint", "mediumint", "int", "bigint", "decimal", "float", "double", "year"]);
const BINARY = new Set([
  "binary",
  "varbinary",
  "tinyblob",
  "blob",
  "mediumblob",
  "longblob",
  "bit",
  "geometry",
  "point",
  "linestring",
  "polygon",
  "multipoint",
  "multilinestring",
  "multipolygon",
  "geometrycollection",
]);
const UTF8 = new Set(["utf8mb4", "utf8mb3", "utf8", "ascii"]);

export function kindOf(dataType: string): ValueKind {
  const type = dataType.toLowerCase();
  if (NUMBER.has(type)) return "number";
  if (BINARY.has(type)) return "binary";
  return "text";
}

interface ColumnRow {
  table: string;
  name: string;
  dataType: string;
  charset: string | null;
  generated: string | null;
}

export async function readTables(conn: Connection, database: string): Promise<TableInfo[]> {
  const tables: { name: string }[] = await conn.query(
    "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
    [database],
  );
  const columns: ColumnRow[] = await conn.query(
    `SELECT TABLE_NAME AS \`table\`, COLUMN_NAME AS name, DATA_TYPE AS dataType,
            CHARACTER_SET_NAME AS charset, IS_GENERATED AS \`generated\`
     FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    [database],
  );
  const keys: { table: string; name: string }[] = await conn.query(
    `SELECT TABLE_NAME AS \`table\`, COLUMN_NAME AS name FROM information_schema.STATISTICS
     WHERE TABLE_SCHEMA = ? AND INDEX_NAME = 'PRIMARY' ORDER BY TABLE_NAME, SEQ_IN_INDEX`,
    [database],
  );
  const out: TableInfo[] = [];
  for (const { name } of tables) {
    const written = columns
      .filter((c) => c.table === name && c.generated !== "ALWAYS")
      .map((c) => ({
        name: c.name,
        kind: kindOf(c.dataType),
        convert: kindOf(c.dataType) === "text" && c.charset !== null && !UTF8.has(c.charset),
      }));
    const key = keys.filter((k) => k.table === name).map((k) => k.name);
    const [row] = await conn.query(`SHOW CREATE TABLE ${quoteIdentifier(database)}.${quoteIdentifier(name)}`);
    const createSql = String((row as Record<string, unknown>)["Create Table"]);
    // The loader splits the file at ";\n", which never occurs inside a value
    // (newlines are escaped); a definition holding one would be cut in two.
    if (createSql.includes(";\n")) {
      throw new AppError(
        "INVALID_STATE",
        `Table ${name} has a definition with ";" at the end of a line; cannot back it up.`,
      );
    }
    out.push({ name, columns: written, orderBy: key.length > 0 ? key : written.map((c) => c.name), createSql });
  }
  return out;
}

/** The SELECT that reads a table's rows in key order, every value as the bytes the server holds. */
export function selectRows(database: string, table: TableInfo): string {
  const values = table.columns.map((c) => {
    const column = quoteIdentifier(c.name);
    return c.convert ? `CAST(CONVERT(${column} USING utf8mb4) AS BINARY)` : `CAST(${column} AS BINARY)`;
  });
  const order = table.orderBy.map(quoteIdentifier).join(", ");
  return `SELECT ${values.join(", ")} FROM ${quoteIdentifier(database)}.${quoteIdentifier(table.name)} ORDER BY ${order}`;
}
