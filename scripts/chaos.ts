// npm run chaos: faults during real work. 200 approvals (--count) spread over
// two servers (the landlord's and a second one of the run's own), while the
// portal is SIGKILLed twice and started again, the second server is stopped
// for 20 s (--outage), and landlord connections are killed from the server
// side. Then every application must be provisioned or failed with its reason,
// every provisioned tenant healthy, nothing left for cleanup, every welcome
// email sent once. Prints the schedule and the counts; exits 1 otherwise.
// The portal is the built app (scripts/serve.ts, built first if needed);
// --worker runs the workflow process of the test suite instead.
import { parseArgs } from "node:util";
import { createBenchLandlord } from "@/bench/lib";
import { parseDatabaseUrl } from "@/lib/db/server";
import { listRegisteredServers, registerServer } from "@/lib/db/servers";
import { loadEnvFiles } from "@/lib/env";
import { workerPortal } from "./lib/chaos/portal";
import { httpPortal } from "./lib/chaos/portal-http";
import { formatReport } from "./lib/chaos/report";
import { dropChaosTenants, runChaos } from "./lib/chaos/run";
import { fullPlan } from "./lib/chaos/schedule";
import { startExtraServer } from "./lib/extra-server";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      count: { type: "string", default: "200" },
      outage: { type: "string", default: "20" },
      port: { type: "string", default: String(3500 + Math.floor(Math.random() * 100)) },
      worker: { type: "boolean", default: false },
    },
  });
  const plan = fullPlan(Number(values.count), Number(values.outage));
  loadEnvFiles();
  const landlordDb = await createBenchLandlord();
  const second = await startExtraServer("chaos-mariadb");
  const live = process.stderr.isTTY;
  const progress = (line: string) => {
    if (live) process.stderr.write(`\r\x1b[K${line}`);
  };
  let last = 0;
  try {
    await listRegisteredServers(); // the landlord's own server registers first, as "primary"
    const { database: _none, ...config } = parseDatabaseUrl(second.url(), false);
    await registerServer({ name: "second", ...config }, 2000);
    const portal = values.worker
      ? workerPortal(plan.heartbeatSeconds)
      : await httpPortal(Number(values.port), plan.heartbeatSeconds);
    console.error(`chaos: landlord ${landlordDb.database}, second server on port ${second.port}`);
    const report = await runChaos({
      plan,
      portal,
      outage: second,
      onProgress: (line) => {
        progress(line);
        // Without a terminal, a line every 10 s.
        if (!live && Date.now() - last > 10_000) {
          last = Date.now();
          console.error(line);
        }
      },
    });
    if (live) process.stderr.write("\n");
    for (const line of formatReport(report)) console.log(line);
    return report.ok ? 0 : 1;
  } finally {
    await dropChaosTenants().catch((error) => console.error("could not drop the run's tenants:", error));
    await second.stop();
    await landlordDb.cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
