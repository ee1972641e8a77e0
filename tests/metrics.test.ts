// /api/metrics against MariaDB: 404 without a configured token, 401 without
// the right one; the text parses as Prometheus's format (every sample under
// its family's HELP and TYPE), and each value is what the database counts.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/metrics/route";
import { landlord } from "@/lib/db/landlord";
import { resetEnvCache } from "@/lib/env";
import { cachedMetricsText, DURATION_BOUNDS_SECONDS, metricsText } from "@/lib/operations/metrics";
import { recordEmailEvent } from "@/lib/platform/email-events";
import { PROVISIONING_STEPS } from "@/lib/provisioning/steps";
import { createApplication, provisionTestTenant, uniqueSlug } from "./helpers/applications";
import { failedApplication } from "./helpers/failed-runs";

const TOKEN = "metrics-token-for-tests-0123456789";

interface Parsed {
  help: Map<string, string>;
  type: Map<string, string>;
  samples: { name: string; labels: Record<string, string>; value: number }[];
}

/** Prometheus's text format, parsed strictly enough to catch a malformed line. */
function parse(text: string): Parsed {
  const parsed: Parsed = { help: new Map(), type: new Map(), samples: [] };
  expect(text.endsWith("\n")).toBe(true);
  for (const line of text.trimEnd().split("\n")) {
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, string, string, string];
      (kind === "HELP" ? parsed.help : parsed.type).set(name, rest);
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+]+|\+Inf|NaN)$/.exec(line);
    expect(sample, `not a sample line: ${line}`).not.toBeNull();
    const [, name, rawLabels, value] = sample as unknown as [string, string, string | undefined, string];
    const labels: Record<string, string> = {};
    for (const pair of rawLabels ? rawLabels.split(",") : []) {
      const m = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"$/.exec(pair);
      expect(m, `bad label in ${line}`).not.toBeNull();
      labels[m?.[1] as string] = m?.[2] as string;
    }
    // Each sample belongs to a family declared above it.
    const family = [name, name.replace(/_(bucket|sum|count)$/, "")].find((n) => parsed.type.has(n));
    expect(family, `${name} has no TYPE line before it`).toBeDefined();
    expect(parsed.help.has(family as string), `${name} has no HELP line`).toBe(true);
    parsed.samples.push({ name, labels, value: value === "+Inf" ? Number.POSITIVE_INFINITY : Number(value) });
  }
  return parsed;
}

const value = (p: Parsed, name: string, labels: Record<string, string> = {}) =>
  p.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

async function grouped(sql: string): Promise<Map<string, number>> {
  const rows = await landlord().$queryRawUnsafe<{ k: string; n: bigint }[]>(sql);
  return new Map(rows.map((r) => [r.k, Number(r.n)]));
}

const get = (authorization?: string) =>
  GET(new Request("http://localhost/api/metrics", { headers: authorization ? { authorization } : {} }));

beforeAll(async () => {
  // Something of every kind the metrics count.
  for (const status of ["pending", "pending", "rejected", "expired", "unconfirmed"] as const) {
    await createApplication({ status });
  }
  const active = await provisionTestTenant({ slug: uniqueSlug("m-act") });
  const suspended = await provisionTestTenant({ slug: uniqueSlug("m-sus") });
  const deleted = await provisionTestTenant({ slug: uniqueSlug("m-del") });
  await landlord().tenant.update({ where: { id: suspended.tenant.id }, data: { status: "suspended" } });
  await landlord().tenant.update({ where: { id: deleted.tenant.id }, data: { deletedAt: new Date() } });
  await failedApplication("create-database", "no room");
  await failedApplication("run-migrations", "syntax error");
  await failedApplication("run-migrations", "disk full");
  await landlord().maintenanceHold.create({
    data: { id: randomUUID(), tenantId: active.tenant.id, kind: "admin", owner: "test" },
  });
  // An ended hold does not count.
  await landlord().maintenanceHold.create({
    data: { id: randomUUID(), tenantId: suspended.tenant.id, kind: "admin", owner: "test", endsAt: new Date(0) },
  });
  const snapshot = (tenantId: string, ageSeconds: number) =>
    landlord().tenantSnapshot.create({
      data: { tenantId, refreshedAt: new Date(Date.now() - ageSeconds * 1000), healthOk: true, databaseExists: true },
    });
  await snapshot(active.tenant.id, 120);
  await snapshot(suspended.tenant.id, 30);
  await snapshot(deleted.tenant.id, 9999); // a deleted tenant's snapshot is not the fleet's
  const at = new Date();
  for (const [id, state] of [
    ["re_a", "delivered"],
    ["re_b", "delivered"],
    ["re_c", "bounced"],
    ["re_d", "complained"],
  ] as const) {
    await recordEmailEvent({ messageId: `m_${id}`, providerId: id, type: `email.${state}`, state, occurredAt: at });
  }
});

afterAll(() => {
  vi.unstubAllEnvs();
  resetEnvCache();
});

describe("access", () => {
  it("does not exist without a configured token, and wants the right bearer token once there is one", async () => {
    vi.stubEnv("METRICS_TOKEN", "");
    resetEnvCache();
    expect((await get(`Bearer ${TOKEN}`)).status).toBe(404);

    vi.stubEnv("METRICS_TOKEN", TOKEN);
    resetEnvCache();
    for (const header of [
      undefined,
      "Bearer",
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      TOKEN,
      `Basic ${TOKEN}`,
    ]) {
      const response = await get(header);
      expect(response.status, String(header)).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await response.text()).not.toContain("election_");
    }
    const ok = await get(`Bearer ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    parse(await ok.text());
  });
});

describe("the figures", () => {
  it("parse, and equal what the database counts", async () => {
    const p = parse(await metricsText());
    expect([...p.type.entries()]).toEqual(
      expect.arrayContaining([
        ["election_applications", "gauge"],
        ["election_provisioning_runs", "gauge"],
        ["election_provisioning_step_failures_total", "counter"],
        ["election_provisioning_run_duration_seconds", "histogram"],
        ["election_tenants", "gauge"],
        ["election_tenant_snapshot_age_seconds", "gauge"],
        ["election_email_deliveries", "gauge"],
      ]),
    );

    const applications = await grouped("SELECT status AS k, COUNT(*) AS n FROM tenant_applications GROUP BY status");
    for (const status of ["unconfirmed", "pending", "rejected", "expired", "provisioned", "provisioning_failed"]) {
      expect(value(p, "election_applications", { status }), status).toBe(applications.get(status) ?? 0);
    }
    expect(value(p, "election_applications", { status: "pending" })).toBe(2);
    expect(value(p, "election_applications", { status: "provisioning_failed" })).toBe(3);
    expect(value(p, "election_applications", { status: "closed" })).toBe(0);

    const runs = await grouped("SELECT status AS k, COUNT(*) AS n FROM provisioning_runs GROUP BY status");
    for (const status of ["queued", "running", "succeeded", "failed"]) {
      expect(value(p, "election_provisioning_runs", { status }), status).toBe(runs.get(status) ?? 0);
    }
    expect(value(p, "election_provisioning_runs", { status: "failed" })).toBe(3);

    for (const step of PROVISIONING_STEPS.map((s) => s.name)) {
      const expected = { "create-database": 1, "run-migrations": 2 }[step as string] ?? 0;
      expect(value(p, "election_provisioning_step_failures_total", { step }), step).toBe(expected);
    }

    const durations = await landlord().provisioningRun.findMany({
      where: { status: "succeeded", durationMs: { not: null } },
      select: { durationMs: true },
    });
    const ms = durations.map((d) => d.durationMs as number);
    expect(ms).toHaveLength(3);
    const name = "election_provisioning_run_duration_seconds";
    for (const bound of DURATION_BOUNDS_SECONDS) {
      expect(value(p, `${name}_bucket`, { le: String(bound) }), `le ${bound}`).toBe(
        ms.filter((d) => d <= bound * 1000).length,
      );
    }
    expect(value(p, `${name}_bucket`, { le: "+Inf" })).toBe(3);
    expect(value(p, `${name}_count`)).toBe(3);
    expect(value(p, `${name}_sum`)).toBeCloseTo(ms.reduce((a, b) => a + b, 0) / 1000, 6);

    expect(value(p, "election_tenants", { status: "active" })).toBe(1);
    expect(value(p, "election_tenants", { status: "suspended" })).toBe(1);
    expect(value(p, "election_tenants", { status: "inactive" })).toBe(0);
    expect(value(p, "election_tenants", { status: "deleted" })).toBe(1);
    expect(value(p, "election_tenants_in_maintenance")).toBe(1);

    expect(value(p, "election_tenant_snapshots")).toBe(2);
    const age = value(p, "election_tenant_snapshot_age_seconds") ?? 0;
    expect(age).toBeGreaterThanOrEqual(119);
    expect(age).toBeLessThan(180);

    expect(value(p, "election_email_deliveries", { state: "delivered" })).toBe(2);
    expect(value(p, "election_email_deliveries", { state: "bounced" })).toBe(1);
    expect(value(p, "election_email_deliveries", { state: "complained" })).toBe(1);
  });

  it("are answered from a cache at most a second old", async () => {
    const t = Date.now() + 10_000; // a fresh entry whatever ran before
    const first = await cachedMetricsText(t);
    await createApplication({ status: "pending" });
    expect(await cachedMetricsText(t + 500)).toBe(first);
    const later = parse(await cachedMetricsText(t + 1000));
    expect(value(later, "election_applications", { status: "pending" })).toBe(3);
  });
});
