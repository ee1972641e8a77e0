// The registered database servers that hold tenant databases. The first one
// is TENANT_DATABASE_URL's (or the landlord's server), registered on first use,
// so a single-server install needs nothing. A server's admin password is sealed
// by the keyring; it connects as that admin for what tenants' own users may not
// do (CREATE/DROP DATABASE, CREATE USER, migrations, backups).
import "server-only";
import { env } from "../env";
import { AppError, describeError } from "../errors";
import type { DatabaseServer } from "../generated/landlord/client";
import { openText, seal } from "../keyring";
import { serverName } from "./catalog";
import { landlord } from "./landlord";
import { connect, parseDatabaseUrl, type ServerConfig } from "./server";

export type { DatabaseServer };

/** Where an admin password is bound (lib/keyring.ts). */
export const serverPasswordContext = (id: number | string) => `database_servers.admin_password:${id}`;

// Servers change rarely; every portal process re-reads them this often.
const CACHE_MS = 5_000;
let cache: { at: number; byId: Map<number, DatabaseServer> } | undefined;

export function forgetServers(): void {
  cache = undefined;
}

async function servers(): Promise<Map<number, DatabaseServer>> {
  if (cache && Date.now() - cache.at < CACHE_MS) return cache.byId;
  let rows = await landlord().databaseServer.findMany();
  if (rows.length === 0) rows = [await registerDefaultServer()];
  cache = { at: Date.now(), byId: new Map(rows.map((r) => [r.id, r])) };
  return cache.byId;
}

/** The configured server (TENANT_DATABASE_URL, else the landlord's), as a URL's parts. */
function configuredServer(): ServerConfig & { options?: string } {
  const { TENANT_DATABASE_URL, DATABASE_URL } = env();
  const url = TENANT_DATABASE_URL ?? DATABASE_URL;
  const { database: _unused, ...server } = parseDatabaseUrl(url, false);
  return { ...server, options: new URL(url).search.replace(/^\?/, "") || undefined };
}

/** Registers the configured server as the first one when none is registered; returns it. */
export async function registerDefaultServer(): Promise<DatabaseServer> {
  const config = configuredServer();
  const existing = await landlord().databaseServer.findUnique({
    where: { host_port: { host: config.host, port: config.port } },
  });
  if (existing) return existing;
  try {
    const server = await registerServer({ name: "primary", ...config }, env().SERVER_CAPACITY);
    // Tenants made before servers were registered live here.
    await landlord().tenant.updateMany({ where: { serverId: null }, data: { serverId: server.id } });
    return server;
  } catch (error) {
    // Two processes registering at once: the other one's row stands.
    const found = await landlord().databaseServer.findUnique({
      where: { host_port: { host: config.host, port: config.port } },
    });
    if (found) return found;
    throw error;
  }
}

export async function registerServer(
  input: ServerConfig & { name: string; options?: string; weight?: number },
  capacity: number,
): Promise<DatabaseServer> {
  const db = landlord();
  const row = await db.databaseServer.create({
    data: {
      name: input.name,
      host: input.host,
      port: input.port,
      adminUser: input.user,
      options: input.options ?? null,
      capacity,
      weight: input.weight ?? 100,
    },
  });
  forgetServers();
  if (!input.password) return row;
  return db.databaseServer.update({
    where: { id: row.id },
    data: { adminPassword: seal(input.password, serverPasswordContext(row.id)) },
  });
}

export async function serverById(id: number): Promise<DatabaseServer> {
  const found = (await servers()).get(id) ?? (await landlord().databaseServer.findUnique({ where: { id } }));
  if (!found) throw new AppError("NOT_FOUND", `No database server ${id}.`);
  return found;
}

export async function listRegisteredServers(): Promise<DatabaseServer[]> {
  return [...(await servers()).values()].sort((a, b) => a.id - b.id);
}

/** How to connect to a server as its admin. */
/** Whether the server lets its admin connect now: undefined if it does, else why not. */
export async function whyUnreachable(server: DatabaseServer, connectTimeoutMs?: number): Promise<string | undefined> {
  try {
    const conn = await connect(adminConfig(server), { connectTimeoutMs });
    await conn.end().catch(() => conn.destroy());
    return undefined;
  } catch (error) {
    return describeError(error);
  }
}

export function adminConfig(server: DatabaseServer): ServerConfig {
  const options = new URLSearchParams(server.options ?? "");
  return {
    host: server.host,
    port: server.port,
    user: server.adminUser,
    password: server.adminPassword ? openText(server.adminPassword, serverPasswordContext(server.id)) : "",
    ...(options.get("ssl") === "true" && { ssl: true }),
    ...(options.get("allowPublicKeyRetrieval") === "true" && { allowPublicKeyRetrieval: true }),
  };
}

/** The server a tenant lives on (the first registered one for a row not yet placed). */
export async function serverOf(tenant: { serverId: number | null }): Promise<DatabaseServer> {
  if (tenant.serverId !== null) return serverById(tenant.serverId);
  return registerDefaultServer();
}

/** The admin connection settings of the server a tenant lives on. */
export async function tenantAdminConfig(tenant: { serverId: number | null }): Promise<ServerConfig> {
  return adminConfig(await serverOf(tenant));
}

/** The admin connection settings of a server named as the catalog names it (host:port). */
export async function adminConfigByLabel(label: string): Promise<ServerConfig> {
  const found = (await listRegisteredServers()).find((server) => serverName(server) === label);
  if (!found) throw new AppError("NOT_FOUND", `No registered database server ${label}.`);
  return adminConfig(found);
}

/** How the catalog and backups name a server: host:port. */
export function serverLabel(server: Pick<DatabaseServer, "host" | "port">): string {
  return serverName(server);
}
