// `tenants migrate`: applies pending tenant migrations to every tenant
// database (or one), at most `concurrency` at a time, each through the one
// migration runner (its per-database lock, its _prisma_migrations records).
// A tenant that fails is reported and the others go on. Tenants a provisioning
// run is working on right now are skipped: their run migrates them; so are
// tenants a restore or a move holds in maintenance (an admin's hold is not a
// reason to skip). One audit entry per fleet run.
import "server-only";
import { migrate, TENANT_MIGRATIONS } from "../db/migrator";
import { describeError } from "../errors";
import { type Actor, audit } from "../platform/audit";
import { liveProvisioning, loadFleet, tenantMigrations } from "./fleet";
import { fleetServers, mapPerServer, reportDown } from "./fleet-servers";
import { databaseHolds } from "./maintenance";

// Per server. A server commits DDL about one statement at a time, so more in
// flight only hides its waits; measured over 2,000 fresh tenant databases on
// two servers sharing a 2-core machine, adding a column and an index to
// tenant_users took 31-33 s at 4 a server and 38-54 s at 8 (the extra ones
// spend the server's CPU contending).
export const DEFAULT_MIGRATE_CONCURRENCY = 4;

export interface TenantMigrateResult {
  slug: string;
  database: string;
  /** The name of the server it lives on. */
  server?: string;
  outcome: "migrated" | "up-to-date" | "failed" | "skipped";
  applied: string[];
  /** Why it failed or was skipped. */
  reason?: string;
}

export interface FleetMigrateReport {
  migrations: string[];
  /** Servers that did not answer, each reported once: their tenants are skipped. */
  downServers: { name: string; label: string; reason: string; tenants: number }[];
  concurrency: number;
  durationMs: number;
  results: TenantMigrateResult[];
  counts: Record<TenantMigrateResult["outcome"], number>;
}

export interface FleetMigrateOptions {
  actor: Actor;
  slug?: string;
  concurrency?: number;
  /** Another migrations folder (tests); the tenant migrations by default. */
  dir?: string;
  /** Called once the fleet is known, before any work. */
  onStart?: (total: number) => void;
  /** Called as each tenant finishes, in completion order. */
  onResult?: (result: TenantMigrateResult, finished: number, total: number) => void;
  /** Why, in the admin's words (the console asks for one): kept in the audit entry. */
  reason?: string;
}

export async function migrateFleet(options: FleetMigrateOptions): Promise<FleetMigrateReport> {
  const started = Date.now();
  const dir = options.dir ?? TENANT_MIGRATIONS;
  const concurrency = options.concurrency ?? DEFAULT_MIGRATE_CONCURRENCY;
  const files = await tenantMigrations(dir);
  const fleet = await loadFleet({ slug: options.slug });
  const live = await liveProvisioning();
  const held = await databaseHolds(fleet.map((t) => t.id));
  const servers = await fleetServers(fleet.map((t) => t.serverId));

  options.onStart?.(fleet.length);
  let finished = 0;
  const results = new Array<TenantMigrateResult>(fleet.length);
  await mapPerServer(
    fleet,
    servers,
    concurrency,
    async (tenant, { config: server, name }): Promise<TenantMigrateResult> => {
      const base = { slug: tenant.slug, database: tenant.database };
      if (live.tenantIds.has(tenant.id)) {
        return { ...base, outcome: "skipped", applied: [], reason: "a provisioning run is working on it" };
      }
      const hold = held.get(tenant.id);
      if (hold) {
        // A restore or a move is changing its database (and holds its migration lock); it migrates what it installs.
        return {
          ...base,
          outcome: "skipped",
          applied: [],
          reason: `in maintenance for a ${hold.kind} (${hold.owner})`,
        };
      }
      const { applied } = await migrate({ server, database: tenant.database, dir });
      return { ...base, server: name, outcome: applied.length > 0 ? "migrated" : "up-to-date", applied };
    },
    (tenant, server): TenantMigrateResult => ({
      slug: tenant.slug,
      database: tenant.database,
      server: server.name,
      outcome: "skipped",
      applied: [],
      reason: `server ${server.name} (${server.label}) did not answer`,
    }),
    (result, tenant, index) => {
      const entry: TenantMigrateResult = result.ok
        ? result.value
        : {
            slug: tenant.slug,
            database: tenant.database,
            server: servers.get(tenant.serverId)?.name,
            outcome: "failed",
            applied: [],
            reason: describeError(result.error),
          };
      results[index] = entry;
      options.onResult?.(entry, ++finished, fleet.length);
    },
  );

  const counts = { migrated: 0, "up-to-date": 0, failed: 0, skipped: 0 };
  for (const r of results) counts[r.outcome]++;
  const report: FleetMigrateReport = {
    migrations: files.map((f) => f.name),
    downServers: reportDown(servers, fleet),
    concurrency,
    durationMs: Date.now() - started,
    results,
    counts,
  };

  await audit({
    actor: options.actor,
    action: "tenant.migrated",
    tenantId: options.slug ? (fleet[0]?.id ?? null) : null,
    context: {
      slug: options.slug ?? null,
      dir: options.dir ? dir : null,
      latest: files.at(-1)?.name ?? null,
      tenants: results.length,
      ...counts,
      appliedTotal: results.reduce((n, r) => n + r.applied.length, 0),
      failures: results
        .filter((r) => r.outcome === "failed")
        .slice(0, 100)
        .map((r) => ({ slug: r.slug, reason: r.reason ?? "" })),
      concurrency,
      downServers: report.downServers.map((d) => d.name),
      durationMs: report.durationMs,
      ...(options.reason ? { reason: options.reason } : {}),
    },
  });
  return report;
}
