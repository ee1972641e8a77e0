// Compares a Prisma schema's datamodel (Prisma's own DMMF) with a migrated
// database: every model's table, every column's type family and nullability,
// every id, unique and index. Returns one line per difference.
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import type { Connection } from "mariadb";

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object";
  type: string;
  isRequired: boolean;
  nativeType?: [string, string[]] | null;
  default?: { name?: string } | unknown;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  fields: { name: string }[];
}
interface Dmmf {
  datamodel: { models: DmmfModel[]; enums: { name: string; values: { name: string }[] }[]; indexes: DmmfIndex[] };
}

interface Column {
  TABLE_NAME: string;
  COLUMN_NAME: string;
  COLUMN_TYPE: string;
  IS_NULLABLE: "YES" | "NO";
  EXTRA: string;
}
interface IndexColumn {
  TABLE_NAME: string;
  INDEX_NAME: string;
  NON_UNIQUE: number | bigint;
  INDEX_TYPE: string;
  COLUMN_NAME: string;
  SEQ_IN_INDEX: number | bigint;
}

export function readDmmf(schema: string): Dmmf {
  return JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: schema })));
}

/** The column type the migration should have made for a field, normalized. */
function expectedType(field: DmmfField, enums: Map<string, string[]>): string[] {
  if (field.kind === "enum") {
    return [`enum(${(enums.get(field.type) ?? []).map((v) => `'${v}'`).join(",")})`];
  }
  const [native, args] = field.nativeType ?? [undefined, []];
  const arg = args?.[0];
  switch (field.type) {
    case "String":
      if (native === "Char") return [`char(${arg})`];
      if (native === "Text") return ["text"];
      if (native === "MediumText") return ["mediumtext"];
      if (native === "LongText") return ["longtext"];
      return [`varchar(${arg ?? 191})`];
    case "Int":
      if (native === "UnsignedInt") return ["int unsigned"];
      if (native === "UnsignedTinyInt") return ["tinyint unsigned"];
      if (native === "TinyInt") return ["tinyint"];
      return ["int"];
    case "BigInt":
      return [native === "UnsignedBigInt" ? "bigint unsigned" : "bigint"];
    case "Boolean":
      return ["tinyint(1)"];
    case "DateTime":
      return [`datetime(${arg ?? 3})`];
    case "Json":
      return ["json", "longtext"]; // MariaDB stores JSON as LONGTEXT with a check
    default:
      return [field.type.toLowerCase()];
  }
}

function normalize(columnType: string): string {
  return columnType
    .toLowerCase()
    .replace(/^(tinyint|smallint|int|bigint)\((\d+)\)/, (_m, t: string, n: string) =>
      t === "tinyint" && n === "1" ? "tinyint(1)" : t,
    )
    .replace(/enum\((.*)\)/, (_m, values: string) => `enum(${values.replace(/\s*,\s*/g, ",")})`);
}

export async function schemaDrift(conn: Connection, database: string, schema: string): Promise<string[]> {
  const dmmf = readDmmf(schema).datamodel;
  const enums = new Map(dmmf.enums.map((e) => [e.name, e.values.map((v) => v.name)]));
  const columns: Column[] = await conn.query(
    "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?",
    [database],
  );
  const indexColumns: IndexColumn[] = await conn.query(
    "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, INDEX_TYPE, COLUMN_NAME, SEQ_IN_INDEX FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
    [database],
  );
  const problems: string[] = [];
  const tables = new Set(columns.map((c) => c.TABLE_NAME));
  const modelled = new Set<string>();

  for (const model of dmmf.models) {
    const table = model.dbName ?? model.name;
    modelled.add(table);
    if (!tables.has(table)) {
      problems.push(`${model.name}: table ${table} is missing`);
      continue;
    }
    const dbColumns = new Map(columns.filter((c) => c.TABLE_NAME === table).map((c) => [c.COLUMN_NAME, c]));
    const columnOf = new Map<string, string>();
    for (const field of model.fields) {
      if (field.kind === "object") continue;
      const name = field.dbName ?? field.name;
      columnOf.set(field.name, name);
      const column = dbColumns.get(name);
      dbColumns.delete(name);
      if (!column) {
        problems.push(`${model.name}.${field.name}: column ${table}.${name} is missing`);
        continue;
      }
      const wanted = expectedType(field, enums);
      const actual = normalize(column.COLUMN_TYPE);
      if (!wanted.includes(actual)) {
        problems.push(
          `${model.name}.${field.name}: ${table}.${name} is ${actual}, the schema says ${wanted.join(" or ")}`,
        );
      }
      const nullable = column.IS_NULLABLE === "YES";
      if (nullable === field.isRequired) {
        problems.push(
          `${model.name}.${field.name}: ${table}.${name} is ${nullable ? "NULL" : "NOT NULL"}, the schema says the opposite`,
        );
      }
      const autoincrement = (field.default as { name?: string } | undefined)?.name === "autoincrement";
      if (autoincrement !== column.EXTRA.toLowerCase().includes("auto_increment")) {
        problems.push(`${model.name}.${field.name}: AUTO_INCREMENT differs`);
      }
    }
    for (const extra of dbColumns.keys()) problems.push(`${model.name}: column ${table}.${extra} is not in the schema`);

    const dbIndexes = new Map<string, { unique: boolean; fulltext: boolean; columns: string[] }>();
    for (const ic of indexColumns.filter((i) => i.TABLE_NAME === table)) {
      const entry = dbIndexes.get(ic.INDEX_NAME) ?? {
        unique: Number(ic.NON_UNIQUE) === 0,
        fulltext: ic.INDEX_TYPE === "FULLTEXT",
        columns: [],
      };
      entry.columns.push(ic.COLUMN_NAME);
      dbIndexes.set(ic.INDEX_NAME, entry);
    }
    for (const index of dmmf.indexes.filter((i) => i.model === model.name)) {
      const cols = index.fields.map((f) => columnOf.get(f.name) ?? f.name);
      const key = cols.join(",");
      const match = [...dbIndexes.entries()].find(([name, ix]) => {
        if (ix.columns.join(",") !== key) return false;
        if (index.type === "id") return name === "PRIMARY";
        if (index.type === "unique") return ix.unique && name !== "PRIMARY";
        if (index.type === "fulltext") return ix.fulltext;
        return !ix.unique && !ix.fulltext;
      });
      if (!match) problems.push(`${model.name}: ${index.type} index on (${key}) is missing in ${table}`);
    }
  }
  for (const table of tables) {
    if (!modelled.has(table)) problems.push(`table ${table} is not in the schema`);
  }
  return problems;
}
