// The chaos run at smoke size (scripts/lib/chaos, the code `npm run chaos`
// runs): 8 approvals spread over the landlord's server, the suite's second
// server (tests/setup/second-server.ts) and a server of this file's own, while
// the workflow process is SIGKILLed once and started again, this file's server
// is stopped for 3 s, and one of the workflow's landlord connections is killed
// from the server side. Afterwards every promise of the full run must hold.
//
// Why a worker process and not the HTTP portal: the portal needs a `next build`
// (30 s and 0.8 GB here, and the sources other test files may be reading), too
// much beside the suite. The worker (scripts/lib/chaos/worker.ts) is the
// portal's workflow half in a separate process: the same start-up
// (startPortalBackground: the background job with the sweeper) and the same
// approval (approveAndStart with the configured inline driver) as the Approve
// action, reached over IPC instead of HTTP. What the SIGKILL tests, runs held in
// a process that dies and resumed by the next one's sweeper, is all there.
// Why a server of its own for the outage: stopping the shared second server
// would break the other test files running beside this one.
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseDatabaseUrl } from "@/lib/db/server";
import { registerServer } from "@/lib/db/servers";
import { workerPortal } from "@/scripts/lib/chaos/portal";
import { dropChaosTenants, runChaos } from "@/scripts/lib/chaos/run";
import { smokePlan } from "@/scripts/lib/chaos/schedule";
import { type ExtraServer, startExtraServer } from "@/scripts/lib/extra-server";
import { registerSecondServer } from "./helpers/servers";

let own: ExtraServer | undefined;

beforeAll(async () => {
  own = await startExtraServer("chaos-smoke");
  await registerSecondServer();
  const { database: _none, ...config } = parseDatabaseUrl(own.url(), false);
  await registerServer({ name: "chaos-smoke", ...config }, 2000);
});

afterAll(async () => {
  await dropChaosTenants();
  await own?.stop();
});

it("loses nothing when the workflow process is killed, a server stops and a landlord connection dies", async () => {
  const plan = smokePlan(8);
  const report = await runChaos({ plan, portal: workerPortal(plan.heartbeatSeconds), outage: own as ExtraServer });
  const c = report.counts;
  expect(report.problems, report.events.map((e) => `${e.at} ms ${e.what}`).join("\n")).toEqual([]);
  expect(c.applications).toBe(8);
  expect(c.provisioned + c.failed).toBe(8);
  expect(c.welcomeExactlyOnce).toBe(c.provisioned);
  // The kill met runs in hand, and the restarted process's sweeper picked them up.
  expect(report.events.some((e) => /SIGKILL while [1-9]\d* run\(s\) were running/.test(e.what))).toBe(true);
  expect(c.resumedRuns).toBeGreaterThan(0);
  // Tenants were placed on more than one server.
  expect(Object.keys(c.tenantsByServer).length).toBeGreaterThan(1);
}, 90_000);
