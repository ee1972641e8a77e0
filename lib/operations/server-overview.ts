// What the console's Servers page shows: every registered database server with
// its figures as last refreshed (an unreachable one with when it was last
// seen), the warnings they call for, and, for a server being drained, the
// drain's progress read from the landlord (so any portal process shows it):
// whether its lock is held, its audited start and end, the moves audited since,
// the tenants in a move hold now and those still on the server. Plain values
// only: the page hands them to the browser.
import "server-only";
import { landlord } from "../db/landlord";
import { env } from "../env";
import { type AuditLog, Prisma, type ServerState } from "../generated/landlord/client";
import { type DrainSummary, drainLock } from "./server-drains";
import { listServers, type ServerView, serverWarnings } from "./servers";

export interface DrainView {
  /** A drain holds the server's lock right now (in any portal process). */
  running: boolean;
  startedAt: string | null;
  startedBy: string | null;
  reason: string | null;
  /** Tenants on the server when it started. */
  total: number | null;
  /** Moves off the server, audited since it started. */
  moved: number;
  failed: number;
  /** Tenants being moved this moment (their move hold is on). */
  moving: string[];
  /** Tenants still on the server, deleted ones too (a server is removed only when none is left). */
  remaining: number;
  /** How the last drain ended, once it did. */
  outcome: ({ at: string } & (DrainSummary | { error: string })) | null;
}

export interface ServerRow {
  name: string;
  label: string;
  state: ServerState;
  capacity: number;
  weight: number;
  tenants: number;
  databases: number | null;
  tables: number | null;
  dataBytes: number | null;
  connections: number | null;
  maxConnections: number | null;
  openFiles: number | null;
  openFilesLimit: number | null;
  openTables: number | null;
  tableOpenCache: number | null;
  tableDefinitionCache: number | null;
  /** When its figures were last read: for an unreachable server, when it was last seen. */
  figuresAt: string | null;
  /** Why the last refresh could not read it; null when it answered. */
  unreachable: string | null;
  warnings: string[];
  drain: DrainView | null;
}

export interface ServersOverview {
  servers: ServerRow[];
  refreshMinutes: number;
  defaultCapacity: number;
}

type Entry = Pick<AuditLog, "id" | "action" | "actorLabel" | "context" | "createdAt">;
const context = (entry: Entry | undefined) => (entry?.context ?? {}) as Record<string, unknown>;

async function auditCount(action: string, from: string, since: Date): Promise<number> {
  return landlord().auditLog.count({
    where: { action, createdAt: { gte: since }, context: { path: "$.from", equals: from } },
  });
}

async function drainView(server: ServerView, running: boolean): Promise<DrainView> {
  const db = landlord();
  const [entries, remaining, holds] = await Promise.all([
    db.auditLog.findMany({
      where: {
        action: { in: ["server.drain_started", "server.drain_finished"] },
        context: { path: "$.name", equals: server.name },
      },
      orderBy: { id: "desc" },
      take: 2,
      select: { id: true, action: true, actorLabel: true, context: true, createdAt: true },
    }),
    db.tenant.count({ where: { serverId: server.id } }),
    db.maintenanceHold.findMany({
      where: { kind: "move", tenant: { serverId: server.id } },
      select: { tenant: { select: { slug: true } } },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  const started = entries.find((e) => e.action === "server.drain_started");
  const ended = entries.find((e) => e.action === "server.drain_finished" && (!started || e.id > started.id));
  const [moved, failed] = started
    ? await Promise.all([
        auditCount("tenant.moved", server.name, started.createdAt),
        auditCount("tenant.move_failed", server.name, started.createdAt),
      ])
    : [0, 0];
  const begun = context(started);
  return {
    running,
    startedAt: started?.createdAt.toISOString() ?? null,
    startedBy: started?.actorLabel ?? null,
    reason: typeof begun.reason === "string" ? begun.reason : null,
    total: typeof begun.tenants === "number" ? begun.tenants : null,
    moved,
    failed,
    moving: holds.map((h) => h.tenant.slug),
    remaining,
    outcome:
      ended && !running ? ({ at: ended.createdAt.toISOString(), ...context(ended) } as DrainView["outcome"]) : null,
  };
}

/** Which servers' drain locks are held now (by any process), in one statement. */
async function drainsRunning(servers: ServerView[]): Promise<Set<number>> {
  if (servers.length === 0) return new Set();
  const probes = servers.map((s) => Prisma.sql`SELECT ${s.id} AS id, IS_USED_LOCK(${drainLock(s.id)}) AS holder`);
  const rows = await landlord().$queryRaw<
    { id: number | bigint; holder: unknown }[]
  >`${Prisma.join(probes, " UNION ALL ")}`;
  return new Set(rows.filter((r) => r.holder !== null && r.holder !== undefined).map((r) => Number(r.id)));
}

export async function serversOverview(): Promise<ServersOverview> {
  const servers = await listServers();
  const running = await drainsRunning(servers);
  const rows = await Promise.all(
    servers.map(
      async (server): Promise<ServerRow> => ({
        name: server.name,
        label: server.label,
        state: server.state,
        capacity: server.capacity,
        weight: server.weight,
        tenants: server.tenants,
        databases: server.databasesCount,
        tables: server.tablesCount,
        dataBytes: server.dataBytes,
        connections: server.connections,
        maxConnections: server.maxConnections,
        openFiles: server.openFiles,
        openFilesLimit: server.openFilesLimit,
        openTables: server.openTables,
        tableOpenCache: server.tableOpenCache,
        tableDefinitionCache: server.tableDefinitionCache,
        figuresAt: server.figuresAt?.toISOString() ?? null,
        unreachable: server.lastError,
        // The unreachable one is shown by its state, not repeated among the warnings.
        warnings: serverWarnings(server).filter((w) => !w.startsWith("unreachable: ")),
        drain:
          server.state === "draining" || running.has(server.id)
            ? await drainView(server, running.has(server.id))
            : null,
      }),
    ),
  );
  const config = env();
  return { servers: rows, refreshMinutes: config.SERVER_FIGURES_MINUTES, defaultCapacity: config.SERVER_CAPACITY };
}
