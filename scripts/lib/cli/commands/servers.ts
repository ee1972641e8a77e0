// `tenants servers:list|add|cordon|uncordon|drain|remove`: the database servers tenants live on.
import {
  addServer,
  listServers,
  refreshServerFigures,
  removeServer,
  type ServerView,
  serverWarnings,
  setServerState,
} from "@/lib/operations/servers";
import { type Command, type Context, json, str, UsageError, type Values } from "../command";
import { formatBytes, formatDate, plural, printJson, println, table } from "../output";
import { drainCommand } from "./move";

const count = (n: number | null) => (n === null ? "-" : String(n));
const ratio = (used: number | null, limit: number | null) =>
  used === null || limit === null ? "-" : `${used}/${limit}`;

function printServers(io: Context["io"], servers: ServerView[]): void {
  const lines = table<ServerView>(
    [
      { header: "NAME", value: (s) => s.name },
      { header: "ADDRESS", value: (s) => s.label },
      { header: "STATE", value: (s) => s.state },
      { header: "TENANTS", value: (s) => `${s.tenants}/${s.capacity}`, align: "right" },
      { header: "WEIGHT", value: (s) => String(s.weight), align: "right" },
      { header: "DATABASES", value: (s) => count(s.databasesCount), align: "right" },
      { header: "TABLES", value: (s) => count(s.tablesCount), align: "right" },
      { header: "DATA", value: (s) => (s.dataBytes === null ? "-" : formatBytes(s.dataBytes)), align: "right" },
      { header: "CONNECTIONS", value: (s) => ratio(s.connections, s.maxConnections), align: "right" },
      { header: "OPEN FILES", value: (s) => ratio(s.openFiles, s.openFilesLimit), align: "right" },
      { header: "TABLE CACHE", value: (s) => ratio(s.openTables, s.tableOpenCache), align: "right" },
      { header: "FIGURES", value: (s) => (s.figuresAt ? formatDate(s.figuresAt) : "never") },
    ],
    servers,
  );
  for (const line of lines) println(io.stdout, line);
  for (const server of servers) {
    for (const warning of serverWarnings(server)) println(io.stdout, `! ${server.name}: ${warning}`);
  }
}

async function list({ values, io }: Context): Promise<number> {
  const refreshed = values.refresh ? await refreshServerFigures() : null;
  const servers = await listServers();
  if (values.json) {
    printJson(io.stdout, { servers, unreachable: refreshed?.unreachable ?? [] });
    return 0;
  }
  printServers(io, servers);
  for (const down of refreshed?.unreachable ?? []) println(io.stderr, `✖ ${down.name} did not answer: ${down.error}`);
  return refreshed && refreshed.unreachable.length > 0 ? 1 : 0;
}

export const serversListCommand: Command = {
  options: { refresh: { type: "boolean" }, ...json },
  positionals: 0,
  run: list,
};

function whole(values: Values, key: string, min: number, max: number): number | undefined {
  const value = str(values, key);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new UsageError(`--${key} must be a whole number from ${min} to ${max} (got "${value}")`);
  }
  return n;
}

async function add({ values, positionals: [name = ""], io, actor }: Context): Promise<number> {
  const given = str(values, "url");
  if (!given) throw new UsageError("servers:add needs --url mysql://admin@host:port");
  let url = given;
  if (values["password-stdin"]) {
    if (!io.readLine) throw new UsageError("--password-stdin: no standard input here");
    const parsed = new URL(given);
    parsed.password = encodeURIComponent(await io.readLine());
    url = parsed.toString();
  }
  const server = await addServer(
    { name, url, capacity: whole(values, "capacity", 1, 1_000_000), weight: whole(values, "weight", 1, 1000) },
    actor,
  );
  println(
    io.stdout,
    `Added server ${server.name} (${server.label}), active, for up to ${plural(server.capacity, "tenant")} at weight ${server.weight}.`,
  );
  return 0;
}

export const serversAddCommand: Command = {
  options: {
    url: { type: "string" },
    "password-stdin": { type: "boolean" },
    capacity: { type: "string" },
    weight: { type: "string" },
  },
  positionals: 1,
  argument: "server name",
  run: add,
};

function stateCommand(state: "active" | "cordoned", said: (name: string) => string): Command {
  return {
    options: { reason: { type: "string" } },
    positionals: 1,
    argument: "server name",
    async run({ values, positionals: [name = ""], io, actor }) {
      const server = await setServerState(name, state, actor, str(values, "reason"));
      println(io.stdout, said(server.name));
      return 0;
    },
  };
}

export const serversCordonCommand = stateCommand(
  "cordoned",
  (name) => `Cordoned ${name}: it takes no new tenants; those on it stay.`,
);
export const serversUncordonCommand = stateCommand("active", (name) => `${name} takes new tenants again.`);
export const serversDrainCommand: Command = drainCommand;

export const serversRemoveCommand: Command = {
  options: { reason: { type: "string" } },
  positionals: 1,
  argument: "server name",
  async run({ values, positionals: [name = ""], io, actor }) {
    await removeServer(name, actor, str(values, "reason"));
    println(io.stdout, `Removed server ${name}. Its databases and users were gone already; nothing on it was touched.`);
    return 0;
  },
};
