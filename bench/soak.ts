// npm run soak: the portal as `npm start` serves it (bench/http.ts), under
// mixed traffic at a steady rate for SOAK_MINUTES (20 by default; SOAK_RATE
// requests a second, 4 by default): applications, approvals (provisioned in
// the portal), tenant sign-ins, tenant pages and admin pages (bench/soak/traffic.ts).
// Measured inside the portal (bench/soak/loop-probe.mjs): its RSS after the
// warm-up and at the end (target: growth < 10%) and the event loop's delay
// (p99 over the whole run). Errors: every failed request or action, and every
// approved application not provisioned at the end (target 0). Its own
// landlord database and tenants, dropped afterwards. Not part of `npm run bench`.
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import nextEnv from "@next/env";
import { landlord } from "@/lib/db/landlord";
import { adminConfig, listRegisteredServers } from "@/lib/db/servers";
import { env } from "@/lib/env";
import { ensurePlatformAdmin } from "@/lib/platform/admins";
import { inlineDriver, inlineIdle } from "@/lib/provisioning/inline-driver";
import { approveAndStart } from "@/lib/provisioning/start";
import { buildIfNeeded } from "@/scripts/lib/build";
import { dropFleet } from "./fleet-scale/servers";
import { signIn, startPortal, stopPortal } from "./http";
import { createBenchLandlord, type Figure, percentile, printTable } from "./lib";
import { newApplication } from "./provisioning-latency";
import { Traffic } from "./soak/traffic";

const ADMIN = { email: "soak@example.org", password: "soak admin password" };
const OPERATOR = { type: "operator" as const, label: "soak" };

interface Probe {
  total: { p50: number; p99: number; max: number };
  samples: { at: number; rssMiB: number; p99: number }[];
}

const readProbe = (file: string): Probe => JSON.parse(readFileSync(file, "utf8")) as Probe;

async function seedTenants(count: number) {
  for (let i = 0; i < count; i++) {
    const application = await newApplication("soak-seed");
    await approveAndStart(application.id, OPERATOR, undefined, inlineDriver);
  }
  await inlineIdle();
  return landlord().tenant.findMany({ where: { status: "active" }, select: { slug: true, email: true } });
}

async function settle(ids: string[], seconds: number) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const rows = await landlord().tenantApplication.groupBy({
      by: ["status"],
      where: { id: { in: ids } },
      _count: { _all: true },
    });
    const count = (s: string) => rows.find((r) => r.status === s)?._count._all ?? 0;
    if (count("provisioning_started") === 0 || Date.now() > deadline) {
      return { provisioned: count("provisioned"), failed: ids.length - count("provisioned") };
    }
    await sleep(1000);
  }
}

async function soak(minutes: number, rate: number): Promise<Figure[]> {
  const tenants = await seedTenants(Number(process.env.SOAK_TENANTS ?? 10));
  await ensurePlatformAdmin(ADMIN.email, ADMIN.password);
  buildIfNeeded(process.cwd(), () => undefined);
  const work = mkdtempSync(path.join(tmpdir(), "soak-"));
  const probe = path.join(work, "probe.json");
  const port = 3500 + Math.floor(Math.random() * 100);
  const base = `http://127.0.0.1:${port}`;
  const portal = await startPortal(port, {
    DATABASE_URL: env().DATABASE_URL,
    AUTH_SECRET: "soak-secret-soak-secret-soak-secret-0000",
    APP_URL: base,
    NEXTAUTH_URL: base,
    WORKFLOW_DRIVER: "inline",
    BACKUP_DIR: path.join(work, "backups"),
    // Every request comes from this one address: the per-address limits would otherwise throttle the soak itself.
    APPLY_PER_IP: "1000000",
    SIGNIN_ATTEMPTS_PER_IP: "1000000",
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${pathToFileURL(path.resolve("bench/soak/loop-probe.mjs")).href}`,
    SOAK_PROBE_FILE: probe,
  });
  try {
    const traffic = new Traffic(
      base,
      await signIn(base, "platform", ADMIN),
      tenants,
      env().INITIAL_ADMIN_PASSWORD ?? "",
    );
    const warmup = Number(process.env.SOAK_WARMUP_SECONDS ?? 30);
    await traffic.run(warmup, rate);
    writeFileSync(`${probe}.reset`, "");
    for (let i = 0; existsSync(`${probe}.reset`); i++) {
      if (i > 50) throw new Error("the portal's probe (bench/soak/loop-probe.mjs) is not running");
      await sleep(200);
    }
    const start = readProbe(probe).samples.at(-1)?.rssMiB ?? Number.NaN;
    const measured = new Traffic(
      base,
      await signIn(base, "platform", ADMIN),
      tenants,
      env().INITIAL_ADMIN_PASSWORD ?? "",
    );
    const startedAt = Date.now();
    await measured.run(minutes * 60, rate);
    const settled = await settle([...traffic.report.approved, ...measured.report.approved], 120);
    await sleep(2500); // one more probe sample
    const end = readProbe(probe);
    const endRss = end.samples.at(-1)?.rssMiB ?? Number.NaN;
    const r = measured.report;
    const warmupErrors = traffic.report.errors;
    const errors = warmupErrors + r.errors + settled.failed;
    const firstErrors = [...traffic.report.firstErrors, ...r.firstErrors];
    if (firstErrors.length > 0) console.error(`first errors:\n  ${firstErrors.join("\n  ")}`);
    // Half way through the measured minutes: whether the growth levels off.
    const half = end.samples.find((x) => x.at >= startedAt + (minutes * 60_000) / 2)?.rssMiB ?? Number.NaN;
    const requests = Object.values(r.counts).reduce((a, b) => a + b, 0);
    const figures: Figure[] = [
      {
        benchmark: "soak",
        metric: `portal RSS, after ${warmup} s warm-up → after ${minutes} min at ${rate}/s`,
        value: endRss,
        unit: "MiB",
        baseline: start,
        ratio: endRss / start,
        target: "growth <10%",
        pass: endRss < start * 1.1,
      },
      { benchmark: "soak", metric: "portal RSS half way through", value: half, unit: "MiB", baseline: start },
      {
        benchmark: "soak",
        metric: "event-loop delay p99, inside the portal (monitorEventLoopDelay)",
        value: end.total.p99,
        unit: "ms",
      },
      { benchmark: "soak", metric: "event-loop delay max", value: end.total.max, unit: "ms" },
      {
        benchmark: "soak",
        metric: `errors (${requests} requests, ${warmupErrors} of the errors in the warm-up; ${settled.provisioned} tenants provisioned, ${r.skipped} starts skipped)`,
        value: errors,
        unit: "",
        target: "0",
        pass: errors === 0,
      },
    ];
    for (const [kind, times] of Object.entries(r.latencies)) {
      figures.push({
        benchmark: "soak",
        metric: `${kind}: ${times.length} done, p95`,
        value: percentile(times, 95),
        unit: "ms",
      });
    }
    return figures;
  } finally {
    stopPortal(portal);
    await Promise.race([once(portal, "exit"), sleep(20_000)]);
    rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });
  const landlordDb = await createBenchLandlord();
  let figures: Figure[];
  try {
    figures = await soak(Number(process.env.SOAK_MINUTES ?? 20), Number(process.env.SOAK_RATE ?? 4));
  } finally {
    const servers = (await listRegisteredServers()).map((s) => ({ id: s.id, name: s.name, config: adminConfig(s) }));
    await dropFleet(servers);
    await landlordDb.cleanup();
  }
  printTable(figures);
  const file = `bench/results/soak-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), figures }, null, 2));
  console.log(`\nwritten to ${file}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
