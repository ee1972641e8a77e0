// 4. Admin pages with 20,000 applications: p95 over HTTP against `next start`
// (autocannon, BENCH_HTTP_CONNECTIONS connections, 4 by default: more
// platform admins at once than the platform has) of the applications page, a status-filtered
// page, the last page and a search. Baseline, same server and run: the static
// home page. Target: each p95 under 150 ms.
import { randomBytes, randomUUID } from "node:crypto";
import { landlord } from "@/lib/db/landlord";
import { env } from "@/lib/env";
import { ensurePlatformAdmin } from "@/lib/platform/admins";
import { buildIfNeeded } from "@/scripts/lib/build";
import { load, signIn, startPortal, stopPortal } from "./http";
import type { Figure } from "./lib";

const STATUSES = ["pending", "approved", "rejected", "provisioned", "provisioning_failed"] as const;
const ADMIN = { email: "bench@example.org", password: "bench admin password" };

async function seed(count: number) {
  const db = landlord();
  for (let done = 0; done < count; done += 1000) {
    const now = Date.now();
    await db.tenantApplication.createMany({
      data: Array.from({ length: Math.min(1000, count - done) }, (_, i) => {
        const n = done + i;
        const slug = `org-${n}-${randomBytes(3).toString("hex")}`;
        return {
          id: randomUUID(),
          reference: `B${n.toString(36).toUpperCase().padStart(6, "0")}${randomBytes(2).toString("hex")}`,
          organizationName: `Organization ${n} ${["Votes", "Union", "Club", "Council"][n % 4]}`,
          requestedSlug: slug,
          contactFirstName: "Bench",
          contactLastName: `Person ${n}`,
          contactEmail: `contact${n}@${slug}.example`,
          organizationType: "association",
          country: "DE",
          expectedVoters: 100 + (n % 5000),
          status: STATUSES[n % STATUSES.length],
          createdAt: new Date(now - n * 60_000),
        };
      }),
    });
  }
}

export async function adminPages(count = 20_000): Promise<Figure[]> {
  await seed(count);
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
  });
  try {
    const cookie = await signIn(base, "platform", ADMIN);
    const lastPage = Math.ceil(count / 25);
    const pages = {
      "applications page": "/admin/applications",
      "status-filtered page": "/admin/applications?status=pending",
      "last page": `/admin/applications?page=${lastPage}`,
      search: "/admin/applications?q=organization%201234",
    };
    for (const path of Object.values(pages)) {
      const response = await fetch(base + path, { headers: { cookie }, redirect: "manual" });
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}, not 200`);
    }
    await load(`${base}/`, cookie, 2); // warm-up
    const figures: Figure[] = [];
    const connections = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 4);
    for (const [name, path] of Object.entries(pages)) {
      await load(base + path, cookie, 2, connections); // warm-up
      const page = await load(base + path, cookie, 5, connections);
      const floor = await load(`${base}/`, cookie, 5, connections);
      figures.push({
        benchmark: "admin pages",
        metric: `p95 ${name} (${connections} conns, ${page.requests} req${page.errors ? `, ${page.errors} errors` : ""})`,
        value: page.p95,
        unit: "ms",
        baseline: floor.p95,
        ratio: page.p95 / floor.p95,
        target: "<150 ms",
        pass: page.p95 < 150 && page.errors === 0,
      });
    }
    return figures;
  } finally {
    stopPortal(portal);
  }
}
