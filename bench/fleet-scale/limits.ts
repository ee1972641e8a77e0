// Each server's table caches and open files (the physical limits a fleet of
// tenant databases fills): its settings and counters, and its tenant
// databases and tables; as figures, each stage's state and what it opened.
import { connect, type ServerConfig } from "@/lib/db/server";
import type { Figure } from "../lib";

export const LIMIT_VARIABLES = [
  "table_open_cache",
  "table_definition_cache",
  "open_files_limit",
  "innodb_open_files",
] as const;
export const LIMIT_STATUS = [
  "Open_tables",
  "Opened_tables",
  "Open_table_definitions",
  "Opened_table_definitions",
  "Open_files",
  "Innodb_num_open_files",
  "Table_open_cache_misses",
  "Table_open_cache_overflows",
] as const;

export type LimitSnapshot = Record<string, number>;

/** The server's table-cache and open-file settings and counters, plus its tenant databases and tables. */
export async function limitSnapshot(server: ServerConfig): Promise<LimitSnapshot> {
  const conn = await connect(server);
  try {
    const names = [...LIMIT_VARIABLES, ...LIMIT_STATUS];
    const rows: { Variable_name: string; Value: string }[] = [
      ...(await conn.query(`SHOW GLOBAL VARIABLES WHERE Variable_name IN (?)`, [[...LIMIT_VARIABLES]])),
      ...(await conn.query(`SHOW GLOBAL STATUS WHERE Variable_name IN (?)`, [[...LIMIT_STATUS]])),
    ];
    const snapshot: LimitSnapshot = {};
    for (const name of names) {
      snapshot[name] = Number(rows.find((r) => r.Variable_name.toLowerCase() === name.toLowerCase())?.Value ?? 0);
    }
    const [sizes] = await conn.query(
      "SELECT COUNT(DISTINCT TABLE_SCHEMA) AS dbs, COUNT(*) AS tables FROM information_schema.TABLES WHERE TABLE_SCHEMA LIKE 'tenant\\_%'",
    );
    snapshot.tenant_databases = Number(sizes.dbs);
    snapshot.tenant_tables = Number(sizes.tables);
    return snapshot;
  } finally {
    await conn.end();
  }
}

export function limitFigures(stage: string, server: string, s: LimitSnapshot, before?: LimitSnapshot): Figure[] {
  const pair = (open: string, limit: string) => `${open} ${s[open]} of ${limit} ${s[limit]}`;
  const figures: Figure[] = [
    {
      benchmark: "fleet-scale limits",
      metric: `${server}, ${stage} (${s.tenant_databases} tenant dbs, ${s.tenant_tables} tables): ${pair("Open_tables", "table_open_cache")}, ${pair("Innodb_num_open_files", "innodb_open_files")}, ${pair("Open_files", "open_files_limit")}; Open_table_definitions`,
      value: s.Open_table_definitions ?? 0,
      unit: `of ${s.table_definition_cache}`,
    },
  ];
  if (before) {
    const during = (name: string) => (s[name] ?? 0) - (before[name] ?? 0);
    figures.push({
      benchmark: "fleet-scale limits",
      metric: `${server}, ${stage}: opened during the stage (Opened_tables ${during("Opened_tables")}); Opened_table_definitions`,
      value: during("Opened_table_definitions"),
      unit: "",
    });
  }
  return figures;
}
