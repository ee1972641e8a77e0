// npm run soak: the portal as `npm start` serves it (bench/http.ts), under
// mixed traffic at a steady rate for SOAK_MINUTES (20 by default; SOAK_RATE
// requests a second, 4 by default): applications, approvals (provisioned in
// the portal), tenant sign-ins, tenant pages and admin pages (bench/soak/traffic.ts).
// Measured inside the portal (bench/soak/loop-probe.mjs): its RSS after the
// warm-up (SOAK_WARMUP_SECONDS, 120) and at the end, each after a full garbage
// collection (target: growth < 10%), and the event loop's delay (p99 over the
// measured minutes). SOAK_HEAP_SNAPSHOTS=<dir> also writes heap snapshots at
// both marks, to compare in Chrome's DevTools. Errors: every failed request
// or action, and every approved application not provisioned at the end
// (target 0; any error exits 1). Its own landlord database and tenants,
// dropped afterwards. Not part of `npm run bench`; `npm test` runs it at smoke
// size (scripts/test.sh).
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

interface Sample {
  at: number;
  rssMiB: number;
  heapMiB: number;
  externalMiB: number;
  tenantClients: number;
}

interface Probe {
  total: { p50: number; p99: number; max: number };
  /** Taken after a full garbage collection, at the end of the warm-up (start) and of the traffic (end). */
  marks: { start?: Sample & { collected: boolean }; end?: Sample & { collected: boolean } };
  samples: (Sample & { p99: number })[];
}

const readProbe = (file: string): Probe => JSON.parse(readFileSync(file, "utf8")) as Probe;

/** Asks the portal's probe for a mark (bench/soak/loop-probe.mjs) and waits until it is recorded. */
async function markProbe(file: string, name: "reset" | "final"): Promise<Sample> {
  writeFileSync(`${file}.${name}`, "");
  for (let i = 0; i < 150; i++) {
    await sleep(200);
    const mark = existsSync(`${file}.${name}`) ? undefined : readProbe(file).marks[name === "reset" ? "start" : "end"];
    if (mark && mark.at >= Date.now() - 60_000) {
      if (!mark.collected) throw new Error("the portal runs without --expose-gc: the probe cannot collect first");
      return mark;
    }
  }
  throw new Error("the portal's probe (bench/soak/loop-probe.mjs) is not running");
}

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

async function soak(
  minutes: number,
  rate: number,
): Promise<{ figures: Figure[]; samples: Probe["samples"]; errors: number }> {
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
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --expose-gc --import ${pathToFileURL(path.resolve("bench/soak/loop-probe.mjs")).href}`,
    SOAK_PROBE_FILE: probe,
    ...(process.env.SOAK_HEAP_SNAPSHOTS ? { SOAK_HEAP_SNAPSHOTS: path.resolve(process.env.SOAK_HEAP_SNAPSHOTS) } : {}),
  });
  try {
    const traffic = new Traffic(
      base,
      await signIn(base, "platform", ADMIN),
      tenants,
      env().INITIAL_ADMIN_PASSWORD ?? "",
    );
    // Long enough for every route to be compiled and the heap to reach its working size (about 90 s here).
    const warmup = Number(process.env.SOAK_WARMUP_SECONDS ?? 120);
    await traffic.run(warmup, rate);
    const first = await markProbe(probe, "reset");
    const measured = new Traffic(
      base,
      await signIn(base, "platform", ADMIN),
      tenants,
      env().INITIAL_ADMIN_PASSWORD ?? "",
    );
    const startedAt = Date.now();
    await measured.run(minutes * 60, rate);
    const settled = await settle([...traffic.report.approved, ...measured.report.approved], 120);
    const last = await markProbe(probe, "final");
    const end = readProbe(probe);
    const r = measured.report;
    const warmupErrors = traffic.report.errors;
    const errors = warmupErrors + r.errors + settled.failed;
    const firstErrors = [...traffic.report.firstErrors, ...r.firstErrors];
    if (firstErrors.length > 0) console.error(`first errors:\n  ${firstErrors.join("\n  ")}`);
    // Half way through the measured minutes: whether the growth levels off.
    const half = end.samples.find((x) => x.at >= startedAt + (minutes * 60_000) / 2)?.rssMiB ?? Number.NaN;
    const [start, endRss] = [first.rssMiB, last.rssMiB];
    const requests = Object.values(r.counts).reduce((a, b) => a + b, 0);
    const figures: Figure[] = [
      {
        benchmark: "soak",
        metric: `portal RSS after a full GC, after ${warmup} s warm-up → after ${minutes} min at ${rate}/s`,
        value: endRss,
        unit: "MiB",
        baseline: start,
        ratio: endRss / start,
        target: "growth <10%",
        pass: endRss < start * 1.1,
      },
      {
        benchmark: "soak",
        metric: "portal RSS half way through (as sampled)",
        value: half,
        unit: "MiB",
        baseline: start,
      },
      {
        benchmark: "soak",
        metric: "portal V8 heap used after a full GC, after the warm-up → at the end",
        value: last.heapMiB,
        unit: "MiB",
        baseline: first.heapMiB,
      },
      {
        benchmark: "soak",
        metric: "tenant Prisma clients held, after the warm-up → at the end",
        value: last.tenantClients,
        unit: "",
        baseline: first.tenantClients,
      },
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
    return { figures, samples: end.samples, errors };
  } finally {
    stopPortal(portal);
    await Promise.race([once(portal, "exit"), sleep(20_000)]);
    rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });
  const landlordDb = await createBenchLandlord();
  let result: Awaited<ReturnType<typeof soak>>;
  try {
    result = await soak(Number(process.env.SOAK_MINUTES ?? 20), Number(process.env.SOAK_RATE ?? 4));
  } finally {
    const servers = (await listRegisteredServers()).map((s) => ({ id: s.id, name: s.name, config: adminConfig(s) }));
    await dropFleet(servers);
    await landlordDb.cleanup();
  }
  const { figures, samples, errors } = result;
  printTable(figures);
  const file = `bench/results/soak-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
  // The probe's samples (every 2 s: RSS, heap, external memory, tenant clients, loop delay) go with the figures.
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), figures, samples }, null, 2));
  console.log(`\nwritten to ${file}`);
  // An error is a failure at any size (the smoke run in `npm test` relies on it); memory and
  // latency are figures to read beside their targets, never an exit code.
  return errors === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
