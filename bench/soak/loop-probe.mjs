// Loaded into the portal's process by the soak (NODE_OPTIONS=--import): the
// event loop's delay measured from inside (monitorEventLoopDelay) and the
// process's memory, written to SOAK_PROBE_FILE every few seconds.
// Two marks, asked for by a file appearing beside it: `<file>.reset` (after
// the warm-up) starts the overall histogram afresh, `<file>.final` (after the
// traffic). At each mark the probe runs a full garbage collection first (the
// portal runs with --expose-gc), so the two are compared on what the process
// keeps, not on where the collector's saw-tooth happened to be; with
// SOAK_HEAP_SNAPSHOTS set it also writes a heap snapshot there (start, end).
// Plain JavaScript: it loads before any TypeScript loader.
import { existsSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { writeHeapSnapshot } from "node:v8";
import { isMainThread } from "node:worker_threads";

const file = process.env.SOAK_PROBE_FILE;
if (file && isMainThread) {
  // Processes the portal starts are not probed.
  delete process.env.SOAK_PROBE_FILE;
  const snapshots = process.env.SOAK_HEAP_SNAPSHOTS;
  const ms = (ns) => ns / 1e6;
  const mib = (bytes) => bytes / 2 ** 20;
  const overall = monitorEventLoopDelay({ resolution: 10 });
  const window = monitorEventLoopDelay({ resolution: 10 });
  overall.enable();
  window.enable();
  const samples = [];
  const marks = {};
  let since = Date.now();

  const sample = () => {
    const memory = process.memoryUsage();
    return {
      at: Date.now(),
      rssMiB: mib(memory.rss),
      heapMiB: mib(memory.heapUsed),
      externalMiB: mib(memory.external),
      // The tenant Prisma clients the portal holds (lib/db/tenant-clients.ts keeps them on globalThis).
      tenantClients: globalThis.tenantClients?.clients.size ?? 0,
    };
  };

  const mark = (name) => {
    if (!existsSync(`${file}.${name}`)) return false;
    rmSync(`${file}.${name}`, { force: true });
    globalThis.gc?.();
    marks[name === "reset" ? "start" : "end"] = { ...sample(), collected: typeof globalThis.gc === "function" };
    if (snapshots) writeHeapSnapshot(path.join(snapshots, `${name === "reset" ? "start" : "end"}.heapsnapshot`));
    return true;
  };

  let total;
  setInterval(() => {
    if (mark("reset")) {
      overall.reset();
      since = Date.now();
    }
    // Frozen at the final mark: the collection it runs is the probe's, not the portal's.
    if (!marks.end)
      total = { since, p50: ms(overall.percentile(50)), p99: ms(overall.percentile(99)), max: ms(overall.max) };
    mark("final");
    samples.push({ ...sample(), p99: ms(window.percentile(99)) });
    window.reset();
    // Whole or not at all: the soak reads this file while the probe rewrites it.
    writeFileSync(`${file}.tmp`, JSON.stringify({ total, marks, samples }));
    renameSync(`${file}.tmp`, file);
  }, 2000).unref();
}
