// Loaded into the portal's process by the soak (NODE_OPTIONS=--import): the
// event loop's delay measured from inside (monitorEventLoopDelay) and the
// process's RSS, written to SOAK_PROBE_FILE every few seconds. The overall
// histogram starts afresh when `<file>.reset` appears (after the warm-up).
// Plain JavaScript: it loads before any TypeScript loader.
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { isMainThread } from "node:worker_threads";

const file = process.env.SOAK_PROBE_FILE;
if (file && isMainThread) {
  // Processes the portal starts are not probed.
  delete process.env.SOAK_PROBE_FILE;
  const ms = (ns) => ns / 1e6;
  const overall = monitorEventLoopDelay({ resolution: 10 });
  const window = monitorEventLoopDelay({ resolution: 10 });
  overall.enable();
  window.enable();
  const samples = [];
  let since = Date.now();
  setInterval(() => {
    if (existsSync(`${file}.reset`)) {
      rmSync(`${file}.reset`, { force: true });
      overall.reset();
      since = Date.now();
    }
    samples.push({ at: Date.now(), rssMiB: process.memoryUsage().rss / 2 ** 20, p99: ms(window.percentile(99)) });
    window.reset();
    const total = { since, p50: ms(overall.percentile(50)), p99: ms(overall.percentile(99)), max: ms(overall.max) };
    writeFileSync(file, JSON.stringify({ total, samples }));
  }, 2000).unref();
}
