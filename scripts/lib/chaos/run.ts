// One chaos run, as `npm run chaos` and tests/chaos-smoke.test.ts both drive
// it: this run's applications in the landlord, the portal (or the worker)
// started, the burst under the plan's faults (./burst.ts), the portal stopped,
// then the checks (./verify.ts). The caller brings the landlord, the second
// server and the portal, and tears them down.
import { randomBytes } from "node:crypto";
import { newApplication } from "@/bench/provisioning-latency";
import { disconnectLandlord, landlord } from "@/lib/db/landlord";
import { dropDatabase, withServerConnection } from "@/lib/db/server";
import { tenantAdminConfig } from "@/lib/db/servers";
import { dropDatabaseUser, tenantUsername } from "@/lib/db/tenant-credentials";
import { tenantDatabaseName } from "@/lib/db/tenant-database";
import { newDatabaseName } from "@/lib/platform/slugs";
import { type ChaosEvent, type Outage, runBurst } from "./burst";
import { Monitor } from "./monitor";
import type { Portal } from "./portal";
import type { ChaosPlan } from "./schedule";
import { type ChaosCounts, chaosCounts, chaosProblems } from "./verify";

export interface ChaosReport {
  plan: ChaosPlan;
  portal: Portal["kind"];
  events: ChaosEvent[];
  approvalRetries: number;
  durationMs: number;
  counts: ChaosCounts;
  problems: string[];
  ok: boolean;
}

export async function runChaos(options: {
  plan: ChaosPlan;
  portal: Portal;
  outage: Outage;
  onProgress?: (line: string) => void;
}): Promise<ChaosReport> {
  const { plan, portal } = options;
  const slugPrefix = `chaos-${randomBytes(3).toString("hex")}`;
  const applicationIds: string[] = [];
  for (let i = 0; i < plan.count; i++) applicationIds.push((await newApplication(slugPrefix)).id);
  // From here until the checks, the only landlord connections of this process are the monitor's.
  await disconnectLandlord();
  const monitor = new Monitor();
  let burst: Awaited<ReturnType<typeof runBurst>>;
  try {
    await portal.start();
    burst = await runBurst({ ...options, applicationIds, monitor });
  } finally {
    await portal.stop();
    await monitor.close();
  }
  const counts = await chaosCounts(`${newDatabaseName(slugPrefix)}_`);
  const problems = chaosProblems(counts);
  const landed = (words: string) => burst.events.filter((e) => e.what.includes(words)).length;
  const planned = (kind: string) => plan.faults.filter((f) => f.kind === kind).length;
  if (landed("killed with SIGKILL") < planned("kill-portal")) problems.push("a portal kill did not happen");
  if (landed("(portal's landlord connection") < planned("kill-connection")) {
    problems.push("a KILL CONNECTION found no portal connection to kill");
  }
  if (landed("server started again") < planned("outage")) problems.push("the outage did not happen");
  return {
    plan,
    portal: portal.kind,
    events: burst.events,
    approvalRetries: burst.approvalRetries,
    durationMs: burst.durationMs,
    counts,
    problems,
    ok: problems.length === 0,
  };
}

/** Drops every tenant database and tenant database user of this landlord, on whichever server it lives. */
export async function dropChaosTenants(): Promise<void> {
  for (const tenant of await landlord().tenant.findMany()) {
    await withServerConnection(await tenantAdminConfig(tenant), async (conn) => {
      await dropDatabase(conn, tenantDatabaseName(tenant));
      for (const slot of ["a", "b"] as const) await dropDatabaseUser(conn, tenantUsername(tenant.id, slot));
    });
  }
}
