// Database servers, as operators and owners run them: register one, cordon it
// (no new tenants), uncordon it, mark it draining (its tenants are being moved
// off: ./drain-server.ts), remove it once nothing of ours is on it, and keep
// each one's figures: tenants, databases, tables, data, connections and the
// headroom of the limits that bite first at thousands of databases
// (open_files_limit, table_open_cache, table_definition_cache).
import "server-only";
import type { Connection } from "mariadb";
import { landlord } from "../db/landlord";
import { connect, parseDatabaseUrl } from "../db/server";
import {
  adminConfig,
  type DatabaseServer,
  forgetServers,
  listRegisteredServers,
  registerServer,
  serverLabel,
} from "../db/servers";
import { env } from "../env";
import { AppError, describeError } from "../errors";
import type { ServerState } from "../generated/landlord/client";
import { type Actor, audit } from "../platform/audit";

export type { ServerState };

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export interface ServerView extends Omit<DatabaseServer, "adminPassword" | "dataBytes"> {
  label: string;
  dataBytes: number | null;
  /** Tenants placed here now (not deleted). */
  tenants: number;
}

async function tenantCounts(): Promise<Map<number, number>> {
  const rows = await landlord().tenant.groupBy({
    by: ["serverId"],
    where: { deletedAt: null },
    _count: { _all: true },
  });
  return new Map(rows.filter((r) => r.serverId !== null).map((r) => [r.serverId as number, r._count._all]));
}

export async function listServers(): Promise<ServerView[]> {
  forgetServers();
  const [servers, counts] = await Promise.all([listRegisteredServers(), tenantCounts()]);
  return servers.map(({ adminPassword: _secret, dataBytes, ...server }) => ({
    ...server,
    label: serverLabel(server),
    dataBytes: dataBytes === null ? null : Number(dataBytes),
    tenants: counts.get(server.id) ?? 0,
  }));
}

export async function findServer(name: string): Promise<DatabaseServer> {
  const server = await landlord().databaseServer.findUnique({ where: { name: name.trim().toLowerCase() } });
  if (!server) throw new AppError("NOT_FOUND", `No database server named ${name}.`);
  return server;
}

/** Registers a server after checking that its admin can connect and create users and databases. */
export async function addServer(
  input: { name: string; url: string; capacity?: number; weight?: number },
  actor: Actor,
): Promise<ServerView> {
  const name = input.name.trim().toLowerCase();
  if (!NAME.test(name))
    throw new AppError("INVALID_INPUT", "A server's name is lower-case letters, digits and hyphens.");
  let parsed: ReturnType<typeof parseDatabaseUrl>;
  try {
    parsed = parseDatabaseUrl(input.url, false);
  } catch {
    throw new AppError("INVALID_INPUT", "The server's address must look like mysql://admin:password@host:3306.");
  }
  const { database: _none, ...config } = parsed;
  // Said before connecting: a name or address taken is the clearer answer.
  const taken = await landlord().databaseServer.findFirst({
    where: { OR: [{ name }, { host: config.host, port: config.port }] },
  });
  if (taken) {
    throw new AppError(
      "CONFLICT",
      `A server named ${name}, or at ${config.host}:${config.port}, is registered already.`,
    );
  }
  // connect() says which server did not answer, as whom, and the server's own words.
  const conn = await connect(config);
  try {
    const grants: Record<string, string>[] = await conn.query("SHOW GRANTS");
    const lines = grants.map((g) => Object.values(g).join(" "));
    // Creating users and databases, and granting tenants' users their rights, needs both.
    const creates = lines.some((line) => /ALL PRIVILEGES ON \*\.\*|CREATE USER/i.test(line));
    const grantsOn = lines.some((line) => /ON \*\.\* TO .* WITH GRANT OPTION/i.test(line));
    if (!creates || !grantsOn) {
      throw new AppError(
        "INVALID_INPUT",
        `${config.user} may not create users and grant them rights on that server: the portal needs an admin (ALL PRIVILEGES ON *.* WITH GRANT OPTION).`,
      );
    }
  } finally {
    await conn.end().catch(() => undefined);
  }
  const options = new URL(input.url).search.replace(/^\?/, "") || undefined;
  const server = await registerServer(
    { name, ...config, options, weight: input.weight },
    input.capacity ?? env().SERVER_CAPACITY,
  ).catch((error) => {
    if ((error as { code?: string }).code === "P2002") {
      throw new AppError(
        "CONFLICT",
        `A server named ${name}, or at ${config.host}:${config.port}, is registered already.`,
      );
    }
    throw error;
  });
  await audit({
    actor,
    action: "server.added",
    context: { name, server: serverLabel(server), capacity: server.capacity },
  });
  return (await listServers()).find((s) => s.id === server.id) as ServerView;
}

const STATE_ACTIONS = {
  active: "server.uncordoned",
  cordoned: "server.cordoned",
  draining: "server.draining",
} as const;

/** Cordon (no new tenants), uncordon, or mark draining (its tenants are being moved off). */
export async function setServerState(
  name: string,
  state: ServerState,
  actor: Actor,
  reason?: string,
): Promise<ServerView> {
  const server = await findServer(name);
  if (state === "active" && server.state === "active") {
    throw new AppError("INVALID_STATE", `Server ${server.name} takes new tenants already.`);
  }
  if (state === server.state) throw new AppError("INVALID_STATE", `Server ${server.name} is ${state} already.`);
  if (state === "active") {
    // The last active server may not be cordoned away: new tenants need somewhere to go.
  } else {
    const others = await landlord().databaseServer.count({ where: { state: "active", id: { not: server.id } } });
    if (others === 0)
      throw new AppError("INVALID_STATE", `${server.name} is the only active server: add or uncordon another first.`);
  }
  await landlord().databaseServer.update({ where: { id: server.id }, data: { state } });
  forgetServers();
  await audit({
    actor,
    action: STATE_ACTIONS[state],
    context: { name: server.name, from: server.state, to: state, reason: reason ?? null },
  });
  return (await listServers()).find((s) => s.id === server.id) as ServerView;
}

/** Removes a server that holds nothing of ours: no tenant (deleted ones too) and no catalogued database or user. */
export async function removeServer(name: string, actor: Actor, reason?: string): Promise<void> {
  const server = await findServer(name);
  if (server.state === "active") {
    // As with cordoning: new tenants need somewhere to go.
    const others = await landlord().databaseServer.count({ where: { state: "active", id: { not: server.id } } });
    if (others === 0)
      throw new AppError("INVALID_STATE", `${server.name} is the only active server: add or uncordon another first.`);
  }
  const tenants = await landlord().tenant.count({ where: { serverId: server.id } });
  const catalogued = await landlord().databaseCatalogEntry.count({ where: { server: serverLabel(server) } });
  if (tenants > 0 || catalogued > 0) {
    throw new AppError(
      "INVALID_STATE",
      `Server ${server.name} still holds ${tenants} tenant(s) and ${catalogued} catalogued database(s) or user(s): drain it and purge first.`,
    );
  }
  await landlord().databaseServer.delete({ where: { id: server.id } });
  forgetServers();
  await audit({
    actor,
    action: "server.removed",
    context: { name: server.name, server: serverLabel(server), reason: reason ?? null },
  });
}

const STATUS = ["Threads_connected", "Open_files", "Innodb_num_open_files", "Open_tables", "Open_table_definitions"];
const VARIABLES = ["max_connections", "open_files_limit", "table_open_cache", "table_definition_cache"];

type Figures = Pick<
  DatabaseServer,
  | "databasesCount"
  | "tablesCount"
  | "dataBytes"
  | "connections"
  | "maxConnections"
  | "openFiles"
  | "openFilesLimit"
  | "openTables"
  | "tableOpenCache"
  | "openTableDefinitions"
  | "tableDefinitionCache"
>;

/** One server's figures, read with a few grouped queries on an admin connection. */
async function readFigures(server: DatabaseServer, opened: (conn: Connection) => void): Promise<Figures> {
  const conn = await connect(adminConfig(server));
  opened(conn);
  try {
    const status: { Variable_name: string; Value: string }[] = await conn.query(
      `SHOW GLOBAL STATUS WHERE Variable_name IN (${STATUS.map(() => "?").join(", ")})`,
      STATUS,
    );
    const variables: { Variable_name: string; Value: string }[] = await conn.query(
      `SHOW GLOBAL VARIABLES WHERE Variable_name IN (${VARIABLES.map(() => "?").join(", ")})`,
      VARIABLES,
    );
    const value = (rows: { Variable_name: string; Value: string }[], name: string) =>
      Number(rows.find((r) => r.Variable_name.toLowerCase() === name.toLowerCase())?.Value ?? 0);
    const [sizes] = await conn.query(
      `SELECT COUNT(DISTINCT TABLE_SCHEMA) AS dbs, COUNT(*) AS tables, COALESCE(SUM(DATA_LENGTH + INDEX_LENGTH), 0) AS bytes
       FROM information_schema.TABLES WHERE TABLE_SCHEMA LIKE 'tenant\\_%'`,
    );
    return {
      databasesCount: Number(sizes.dbs),
      tablesCount: Number(sizes.tables),
      dataBytes: BigInt(sizes.bytes),
      connections: value(status, "Threads_connected"),
      maxConnections: value(variables, "max_connections"),
      // Open_files leaves out InnoDB's tablespaces, which are most of what a server of tenant databases holds open.
      openFiles: value(status, "Open_files") + value(status, "Innodb_num_open_files"),
      openFilesLimit: value(variables, "open_files_limit"),
      openTables: value(status, "Open_tables"),
      tableOpenCache: value(variables, "table_open_cache"),
      openTableDefinitions: value(status, "Open_table_definitions"),
      tableDefinitionCache: value(variables, "table_definition_cache"),
    };
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}

/** How long one server may take to answer before it is reported unreachable (connecting alone gives up after 5 s). */
export const FIGURES_TIMEOUT_MS = 20_000;

export interface FiguresReport {
  servers: number;
  /** Servers that did not answer, with why. */
  unreachable: { name: string; error: string }[];
}

/**
 * Refreshes every server's figures, all servers at once (one pass of a few
 * grouped queries each), so a server that is down or hangs costs its own
 * timeout and never the others' figures. One that does not answer keeps its
 * last figures and `figuresAt` (when it was last seen) and gets its error.
 */
export async function refreshServerFigures(): Promise<FiguresReport> {
  const counts = await tenantCounts();
  const servers = await listRegisteredServers();
  const unreachable: FiguresReport["unreachable"] = [];
  await Promise.all(
    servers.map(async (server) => {
      const tenantsCount = counts.get(server.id) ?? 0;
      let conn: Connection | undefined;
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            conn?.destroy(); // a server that accepted the connection and then hung
            reject(new Error(`no answer within ${FIGURES_TIMEOUT_MS / 1000} s`));
          }, FIGURES_TIMEOUT_MS);
        });
        const reading = readFigures(server, (opened) => {
          conn = opened;
        });
        reading.catch(() => undefined); // after a timeout its own error is no one's
        const figures = await Promise.race([reading, timeout]);
        await landlord().databaseServer.update({
          where: { id: server.id },
          data: { tenantsCount, ...figures, figuresAt: new Date(), lastError: null },
        });
      } catch (error) {
        const message = describeError(error).slice(0, 2000);
        unreachable.push({ name: server.name, error: message });
        await landlord()
          .databaseServer.updateMany({ where: { id: server.id }, data: { tenantsCount, lastError: message } })
          .catch((failed) => console.error(`[servers] cannot record ${server.name}'s error: ${describeError(failed)}`));
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  forgetServers();
  return { servers: servers.length, unreachable };
}

/** Warnings a server's figures call for: near capacity, connections, or the table and file caches. */
export function serverWarnings(server: ServerView): string[] {
  const warnings: string[] = [];
  const near = (used: number | null, limit: number | null) =>
    used !== null && limit !== null && limit > 0 && used / limit >= 0.8;
  if (server.tenants / server.capacity >= 0.9) warnings.push(`${server.tenants} of ${server.capacity} tenants`);
  if (near(server.connections, server.maxConnections))
    warnings.push(`connections ${server.connections}/${server.maxConnections}`);
  if (near(server.openFiles, server.openFilesLimit))
    warnings.push(`open files ${server.openFiles}/${server.openFilesLimit}`);
  if (server.tablesCount !== null && server.tableOpenCache !== null && server.tablesCount > server.tableOpenCache) {
    warnings.push(`${server.tablesCount} tables > table_open_cache ${server.tableOpenCache}`);
  }
  if (
    server.tablesCount !== null &&
    server.tableDefinitionCache !== null &&
    server.tablesCount > server.tableDefinitionCache
  ) {
    warnings.push(`${server.tablesCount} tables > table_definition_cache ${server.tableDefinitionCache}`);
  }
  if (server.lastError) warnings.push(`unreachable: ${server.lastError}`);
  return warnings;
}
