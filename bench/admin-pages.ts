// 4. The console at full size: 1,000,000 applications, 2,000 tenants and
// 1,000,000 audit entries by default (bench/console-seed.ts; sizes from
// BENCH_APPLICATIONS, BENCH_CONSOLE_TENANTS, BENCH_AUDIT_ENTRIES). p95 over
// HTTP against the portal as `npm start` serves it (scripts/serve.ts),
// signed in through next-auth's real form flow (which makes the
// platform_sessions row every request checks), BENCH_HTTP_CONNECTIONS
// connections (4 by default). Pages: the applications list (every tab, the
// first and the last page, a search), the tenants list when it exists, the
// audit log (unfiltered, by action, by actor, by tenant, the last page) and
// the overview. Baseline, same server and run: the static home page, measured
// in turns with each page (a second each). Targets: lists p95 < 150 ms, the
// overview < 250 ms.
import { existsSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { ensurePlatformAdmin } from "@/lib/platform/admins";
import { buildIfNeeded } from "@/scripts/lib/build";
import { CONSOLE_SIZES, type ConsoleSizes, seedConsole } from "./console-seed";
import { load, signIn, startPortal, stopPortal } from "./http";
import { type Figure, percentile, timed } from "./lib";

const ADMIN = { email: "bench@example.org", password: "bench admin password" };

const STATUSES = [
  "pending",
  "approved",
  "provisioning_started",
  "provisioning_failed",
  "provisioned",
  "rejected",
  "expired",
  "closed",
  "unconfirmed",
] as const;

export interface ConsolePage {
  name: string;
  path: string;
  targetMs: number;
}

const TENANTS_PAGE = path.join(process.cwd(), "app/admin/(console)/tenants/page.tsx");

/** The pages the benchmark measures; the vitest smoke test runs the same paths through their lib functions. */
export function consolePages(): ConsolePage[] {
  const list = (name: string, p: string) => ({ name, path: p, targetMs: 150 });
  return [
    list("applications: all, first page", "/admin/applications"),
    ...STATUSES.map((s) => list(`applications: ${s} tab`, `/admin/applications?status=${s}`)),
    list("applications: last page", "/admin/applications?last=1"),
    list("applications: pending tab, last page", "/admin/applications?status=pending&last=1"),
    list("applications: search", "/admin/applications?q=organization%201234"),
    ...(existsSync(TENANTS_PAGE)
      ? [list("tenants: first page", "/admin/tenants"), list("tenants: suspended tab", "/admin/tenants?tab=suspended")]
      : []),
    list("audit: first page", "/admin/audit"),
    list("audit: by action", "/admin/audit?action=tenant.suspended"),
    list("audit: by actor", "/admin/audit?actor=admin3%40bench.example"),
    list("audit: by tenant", "/admin/audit?tenant=bench-t42"),
    list("audit: last page", "/admin/audit?last=1"),
    { name: "overview", path: "/admin", targetMs: 250 },
  ];
}

export async function adminPages(sizes: ConsoleSizes = CONSOLE_SIZES): Promise<Figure[]> {
  const [seedMs] = await timed(() => seedConsole(sizes));
  console.error(
    `seeded ${sizes.applications.toLocaleString("en")} applications, ${sizes.tenants.toLocaleString("en")} tenants, ` +
      `${sizes.audit.toLocaleString("en")} audit entries in ${(seedMs / 1000).toFixed(1)} s`,
  );
  await ensurePlatformAdmin(ADMIN.email, ADMIN.password);
  buildIfNeeded(process.cwd(), () => undefined);
  const port = 3400 + Math.floor(Math.random() * 100);
  const base = `http://127.0.0.1:${port}`;
  const portal = await startPortal(port, {
    DATABASE_URL: env().DATABASE_URL,
    AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0",
    APP_URL: base,
    NEXTAUTH_URL: base,
    WORKFLOW_DRIVER: "inline",
    // No background pass over 2,000 made-up tenant databases (or a backup of
    // the whole landlord) while the pages are measured.
    TENANT_SNAPSHOTS: "0",
    BACKUP_EVERY_HOURS: "0",
  });
  const size = `${(sizes.applications / 1e6).toLocaleString("en")}M apps`;
  try {
    const cookie = await signIn(base, "platform", ADMIN);
    const pages = consolePages();
    for (const page of pages) {
      const response = await fetch(base + page.path, { headers: { cookie }, redirect: "manual" });
      if (response.status !== 200) throw new Error(`${page.path} answered ${response.status}, not 200`);
    }
    await load(`${base}/`, cookie, 2); // warm-up
    const figures: Figure[] = [
      { benchmark: "admin pages", metric: "seeding (INSERT ... SELECT)", value: seedMs / 1000, unit: "s" },
    ];
    const connections = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 4);
    const seconds = Number(process.env.BENCH_PAGE_SECONDS ?? 4);
    for (const page of pages) {
      await load(base + page.path, cookie, 1, connections); // warm-up
      // The page and the static baseline take turns, a second each, so both
      // meet the same moments of a machine that is busy with other work.
      const measured = { latencies: [] as number[], errors: 0 };
      const floor: number[] = [];
      for (let turn = 0; turn < seconds; turn++) {
        const run = await load(base + page.path, cookie, 1, connections);
        measured.latencies.push(...run.latencies);
        measured.errors += run.errors;
        floor.push(...(await load(`${base}/`, cookie, 1, connections)).latencies);
      }
      const p95 = percentile(measured.latencies, 95);
      const floorP95 = percentile(floor, 95);
      figures.push({
        benchmark: `admin pages, ${size}`,
        metric: `p95 ${page.name} (${connections} conns, ${measured.latencies.length} req${measured.errors ? `, ${measured.errors} errors` : ""})`,
        value: p95,
        unit: "ms",
        baseline: floorP95,
        ratio: p95 / floorP95,
        target: `<${page.targetMs} ms`,
        pass: p95 < page.targetMs && measured.errors === 0,
      });
      console.error(`  ${page.name}: p95 ${p95.toFixed(0)} ms (static ${floorP95.toFixed(0)} ms)`);
    }
    if (!existsSync(TENANTS_PAGE)) console.error("  /admin/tenants does not exist in this tree: not measured");
    return figures;
  } finally {
    stopPortal(portal);
  }
}
