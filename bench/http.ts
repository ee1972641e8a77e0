// HTTP pieces of the benchmarks: the built portal on a port of its own, an
// admin session cookie, and autocannon load with per-response latencies.
import { type ChildProcess, spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";
import { SERVE } from "@/scripts/lib/serve-command";
import { percentile } from "./lib";

export async function startPortal(port: number, env: Record<string, string>): Promise<ChildProcess> {
  // The portal's own server, as `npm start` runs it.
  const child = spawn(process.execPath, SERVE, {
    env: { ...process.env, ...env, PORT: String(port), NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  stopPortal(child);
  throw new Error("the portal did not start");
}

export function stopPortal(child: ChildProcess): void {
  if (child.pid) process.kill(-child.pid, "SIGTERM");
}

/** Signs in through next-auth's credentials flow; returns the Cookie header. */
export async function signIn(base: string, provider: string, fields: Record<string, string>): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, ...value] = (pair ?? "").split("=");
      if (name) jar.set(name, value.join("="));
    }
  };
  keep(csrf);
  const response = await fetch(`${base}/api/auth/callback/${provider}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
    },
    body: new URLSearchParams({ ...fields, csrfToken, json: "true" }),
  });
  keep(response);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in failed (${response.status})`);
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

export interface LoadResult {
  p50: number;
  p95: number;
  requests: number;
  errors: number;
  /** Every response's latency, for pooling several runs. */
  latencies: number[];
}

/** Load on one URL; latencies of every response, in ms. */
export async function load(url: string, cookie: string, seconds = 5, connections = 8): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  await new Promise<void>((resolve, reject) => {
    const instance = autocannon({ url, connections, duration: seconds, headers: { cookie } }, (error) =>
      error ? reject(error) : resolve(),
    );
    instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status !== 200) errors++;
      latencies.push(ms);
    });
    instance.on("reqError", () => errors++);
  });
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    requests: latencies.length,
    errors,
    latencies,
  };
}
