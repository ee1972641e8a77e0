// The admin list's queries over 20,000 applications: keyset paging (first,
// next, previous, last; ties; rows arriving meanwhile), sorting, status tabs
// with their maintained counts (exact after concurrent writes), capped search
// counts, and how long each takes.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { landlord } from "@/lib/db/landlord";
import type { ApplicationStatus } from "@/lib/generated/landlord/client";
import { encodeCursor } from "@/lib/keyset";
import { countAll, SEARCH_COUNT_CAP } from "@/lib/platform/applications/counts";
import { sampleApplication } from "@/lib/platform/applications/fixtures";
import { applicationInput } from "@/lib/platform/applications/input";
import { type ListApplicationsParams, parseListParams } from "@/lib/platform/applications/list-params";
import { getApplicationDetail, listApplications } from "@/lib/platform/applications/queries";
import { APPLICATION_STATUSES, transitionApplication } from "@/lib/platform/applications/status";
import { submitApplication } from "@/lib/platform/applications/submit";

const TOTAL = 20_000;
const START = Date.UTC(2026, 0, 1);

interface Seed {
  id: string;
  organizationName: string;
  requestedSlug: string;
  contactEmail: string;
  status: ApplicationStatus;
  createdAt: Date;
}

const seeds: Seed[] = Array.from({ length: TOTAL }, (_, i) => {
  const k = String(i).padStart(5, "0");
  // A spread of statuses; about one in 9.
  const status = APPLICATION_STATUSES[(i * 7) % APPLICATION_STATUSES.length] as ApplicationStatus;
  return {
    id: randomUUID(),
    // Names out of step with creation order, so sorting by name really reorders.
    organizationName: `Org ${String((i * 7919) % TOTAL).padStart(5, "0")} ${i % 3 === 0 ? "Union" : "Club"}`,
    requestedSlug: `bulk-${k}`,
    contactEmail: `contact${k}@${i % 2 ? "odd" : "even"}.example`,
    status,
    createdAt: new Date(START + i * 60_000),
  };
});

const params = (over: Partial<Record<string, string>> = {}): ListApplicationsParams => parseListParams(over);

/** Runs fn 5 times and records the median, so one slow moment on a shared machine does not decide. */
async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const runs: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    result = await fn();
    runs.push(performance.now() - started);
  }
  const median = runs.sort((a, b) => a - b)[2] ?? 0;
  timings.push(`${label}: ${median.toFixed(1)} ms`);
  expect(median, label).toBeLessThan(250);
  return result as T;
}
const timings: string[] = [];

beforeAll(async () => {
  // Multi-row INSERTs: about 20x faster than createMany here. Every value is
  // generated above (plain ASCII, no quotes), so inlining them is safe.
  const sqlDate = (d: Date) => d.toISOString().replace("T", " ").replace("Z", "");
  for (let i = 0; i < seeds.length; i += 5000) {
    const values = seeds.slice(i, i + 5000).map((s, j) => {
      const n = i + j;
      return `('${s.id}', 'APP-T${String(n).padStart(5, "0")}', '${s.organizationName}', '${s.requestedSlug}', 'Bulk', 'Contact ${n}', '${s.contactEmail}', 'association', 'DE', ${100 + n}, '${s.status}', '${sqlDate(s.createdAt)}', '${sqlDate(s.createdAt)}')`;
    });
    await landlord().$executeRawUnsafe(
      `INSERT INTO tenant_applications (id, reference, organization_name, requested_slug, contact_first_name, contact_last_name, contact_email, organization_type, country, expected_voters, status, created_at, updated_at) VALUES ${values.join(",")}`,
    );
  }
  // A warm-up so the timings below measure queries, not the first connection.
  await listApplications(params());
}, 120_000);

describe("listing applications (20,000 rows)", () => {
  it("reads the tabs' counts from the maintained table and pages newest first", async () => {
    const page = await timed("first page, default order", () => listApplications(params()));
    for (const status of APPLICATION_STATUSES) {
      expect(page.counts[status], status).toBe(seeds.filter((s) => s.status === status).length);
    }
    expect(page).toMatchObject({ total: TOTAL, all: TOTAL, totalCapped: false, allCapped: false, pageSize: 25 });
    expect(page).toMatchObject({ hasPrevious: false, hasNext: true });
    const newest = [...seeds].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).slice(0, 25);
    expect(page.rows.map((r) => r.requestedSlug)).toEqual(newest.map((s) => s.requestedSlug));
    expect(page.rows[0]).toMatchObject({
      contactName: "Bulk Contact 19999",
      createdAt: newest[0]?.createdAt.toISOString(),
    });
  });

  it("shows the oldest rows as the last page, and a cursor past the end as the last page too", async () => {
    const last = await timed("last page (the oldest 25)", () => listApplications(params({ last: "1" })));
    expect(last.rows.map((r) => r.requestedSlug)).toEqual(
      seeds
        .slice(0, 25)
        .map((s) => s.requestedSlug)
        .reverse(),
    );
    expect(last).toMatchObject({ hasNext: false, hasPrevious: true });
    const oldest = seeds[0] as Seed;
    const beyond = await listApplications(params({ after: encodeCursor([oldest.createdAt.toISOString(), oldest.id]) }));
    expect(beyond.rows).toEqual(last.rows);
  });

  it("walks a status tab forward and back by cursor, oldest first, losing and repeating no row", async () => {
    const pending = seeds
      .filter((s) => s.status === "pending")
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const tab = (over: Record<string, string> = {}) =>
      listApplications(params({ status: "pending", dir: "asc", pageSize: "100", ...over }));
    const pages = [await tab()];
    while (pages.at(-1)?.hasNext) pages.push(await tab({ after: pages.at(-1)?.lastCursor as string }));
    expect(pages.flatMap((p) => p.rows.map((r) => r.id))).toEqual(pending.map((s) => s.id));
    expect(pages.every((p) => p.total === pending.length && p.rows.every((r) => r.status === "pending"))).toBe(true);

    const middle = pages[12] as Awaited<ReturnType<typeof tab>>;
    await timed("status tab, a middle page by cursor", () => tab({ after: pages[11]?.lastCursor as string }));
    const back = await tab({ before: middle.firstCursor as string });
    expect(back.rows.map((r) => r.id)).toEqual(pages[11]?.rows.map((r) => r.id));
    const last = await timed("status tab, last page", () => tab({ last: "1" }));
    expect(last.rows.map((r) => r.id)).toEqual(pending.slice(-100).map((s) => s.id));
  });

  it("sorts by organization name, slug, email and status in both directions, continuing from any row", async () => {
    const byName = [...seeds].sort((a, b) => b.organizationName.localeCompare(a.organizationName));
    const from = byName[2989] as Seed;
    const named = await timed("sort by name desc, from row 2,990", () =>
      listApplications(
        params({
          sort: "organizationName",
          dir: "desc",
          pageSize: "10",
          after: encodeCursor([from.organizationName, from.id]),
        }),
      ),
    );
    expect(named.rows.map((r) => r.organizationName)).toEqual(byName.slice(2990, 3000).map((s) => s.organizationName));

    const bySlug = await listApplications(params({ sort: "requestedSlug", dir: "asc", pageSize: "10" }));
    expect(bySlug.rows.map((r) => r.requestedSlug)).toEqual(seeds.slice(0, 10).map((s) => s.requestedSlug));

    const byEmail = await timed("sort by email desc", () =>
      listApplications(params({ sort: "contactEmail", dir: "desc" })),
    );
    expect(byEmail.rows[0]?.contactEmail).toBe("contact19999@odd.example");

    // By the enum's order, which is APPLICATION_STATUSES' order: unconfirmed first, closed last.
    const byStatus = await timed("sort by status", () => listApplications(params({ sort: "status", dir: "asc" })));
    expect(byStatus.rows.every((r) => r.status === "unconfirmed")).toBe(true);
    const byStatusDesc = await listApplications(params({ sort: "status", dir: "desc" }));
    expect(byStatusDesc.rows.every((r) => r.status === "closed")).toBe(true);
    // Past the newest unconfirmed application comes the oldest pending one.
    const lastUnconfirmed = seeds.filter((s) => s.status === "unconfirmed").at(-1) as Seed;
    const across = await listApplications(
      params({
        sort: "status",
        dir: "asc",
        pageSize: "10",
        after: encodeCursor(["unconfirmed", lastUnconfirmed.createdAt.toISOString(), lastUnconfirmed.id]),
      }),
    );
    expect(across.rows.map((r) => r.id)).toEqual(
      seeds
        .filter((s) => s.status === "pending")
        .slice(0, 10)
        .map((s) => s.id),
    );
  });

  it("searches organization, slug and email by prefix, case-insensitively, and counts within the search", async () => {
    const unions = await timed("search organization prefix", () => listApplications(params({ q: "org 1234" })));
    const expected = seeds.filter((s) => s.organizationName.toLowerCase().startsWith("org 1234"));
    expect(unions).toMatchObject({ all: expected.length, allCapped: false });
    expect(unions.rows.map((r) => r.id).sort()).toEqual(expected.map((s) => s.id).sort());
    expect(unions.counts.pending).toBe(expected.filter((s) => s.status === "pending").length);

    const bySlug = await timed("search slug prefix", () => listApplications(params({ q: "BULK-1999" })));
    expect(bySlug.all).toBe(10); // bulk-19990..bulk-19999
    const byEmail = await timed("search email", () => listApplications(params({ q: "contact00042@even.example" })));
    expect(byEmail.rows.map((r) => r.requestedSlug)).toEqual(["bulk-00042"]);
    const inTab = await listApplications(params({ q: "bulk-1999", status: "rejected" }));
    expect(inTab.rows.every((r) => r.status === "rejected" && r.requestedSlug.startsWith("bulk-1999"))).toBe(true);
  });

  it("counts a broad search only up to the cap ('1,000+'), in every tab", async () => {
    const broad = await timed("search matching 10,000 rows", () => listApplications(params({ q: "contact0" })));
    expect(broad).toMatchObject({ all: SEARCH_COUNT_CAP, allCapped: true, total: SEARCH_COUNT_CAP, totalCapped: true });
    expect(broad.counts).toEqual({});
    expect(broad.rows).toHaveLength(25);
    const closed = seeds.filter((s) => s.status === "closed" && s.contactEmail.startsWith("contact0"));
    expect(closed.length).toBeGreaterThan(SEARCH_COUNT_CAP);
    expect(await listApplications(params({ q: "contact0", status: "closed" }))).toMatchObject({
      total: SEARCH_COUNT_CAP,
      totalCapped: true,
    });
    // Under the cap, the tab's count is exact.
    const few = await listApplications(params({ q: "contact0001", status: "closed" }));
    expect(few).toMatchObject({ totalCapped: false, allCapped: false });
    expect(few.total).toBe(
      seeds.filter((s) => s.status === "closed" && s.contactEmail.startsWith("contact0001")).length,
    );
  });

  it("finds a reference exactly, treats LIKE wildcards literally, and finds nothing for nonsense", async () => {
    expect((await listApplications(params({ q: "app-t00042" }))).rows).toHaveLength(0); // not a real reference shape
    expect((await listApplications(params({ q: "%" }))).all).toBe(0);
    expect((await listApplications(params({ q: "_ulk" }))).all).toBe(0);
    expect((await listApplications(params({ q: "' OR 1=1 --" }))).all).toBe(0);
    const none = await listApplications(params({ q: "zzz-nothing" }));
    expect(none).toMatchObject({ rows: [], total: 0, hasNext: false, hasPrevious: false });
  });

  it("falls back to defaults for malformed URL parameters", () => {
    expect(
      parseListParams({
        page: "-3",
        pageSize: "1000000",
        sort: "password_hash",
        dir: "sideways",
        status: "hacked",
        q: ["  a  ", "b"],
      }),
    ).toEqual({
      page: 1,
      pageSize: 25,
      sort: "createdAt",
      dir: "desc",
      status: undefined,
      q: "a",
      after: undefined,
      before: undefined,
      last: false,
    });
    expect(parseListParams({ q: "x".repeat(500) }).q).toBeUndefined();
    expect(parseListParams({ after: "x".repeat(2000), last: "yes" })).toMatchObject({ after: undefined, last: false });
  });

  it("reads one application with its audit trail and emails", async () => {
    const seed = seeds[123] as Seed;
    await getApplicationDetail(seeds[0]?.id as string);
    const detail = await timed("detail", () => getApplicationDetail(seed.id));
    expect(detail?.application).toMatchObject({ requestedSlug: seed.requestedSlug, reviewer: null });
    expect(detail?.auditTrail).toEqual([]);
    expect(await getApplicationDetail(randomUUID())).toBeNull();
  });

  it("reports its timings", () => {
    console.log(`List query timings at ${TOTAL.toLocaleString("en")} rows (median of 5):\n  ${timings.join("\n  ")}`);
    expect(timings.length).toBeGreaterThan(5);
  });
});

/** Rows of the list's shape with one timestamp, made directly (their order is the point, not their history). */
async function insertAt(count: number, prefix: string, createdAt: Date): Promise<string[]> {
  const rows = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    reference: `T-${prefix.toUpperCase()}${i}-${randomUUID().slice(0, 6)}`,
    organizationName: `${prefix} organization ${i}`,
    requestedSlug: `${prefix}-${String(i).padStart(2, "0")}-${randomUUID().slice(0, 6)}`,
    contactFirstName: "Tie",
    contactLastName: `Row ${i}`,
    contactEmail: `${prefix}${i}@ties.example`,
    organizationType: "association",
    country: "DE",
    expectedVoters: 100,
    status: "pending" as const,
    createdAt,
  }));
  await landlord().tenantApplication.createMany({ data: rows });
  return rows.map((r) => r.id);
}

describe("paging through equal timestamps while rows arrive", () => {
  it("breaks ties by id, losing and repeating no row; a page continues after the row seen last", async () => {
    const at = new Date(Date.UTC(2027, 0, 1));
    const ids = (await insertAt(30, "tie", at)).sort().reverse();
    const list = (over: Record<string, string> = {}) =>
      listApplications(params({ q: "tie-", pageSize: "10", ...over }));
    const first = await list();
    const second = await list({ after: first.lastCursor as string });
    const third = await list({ after: second.lastCursor as string });
    expect([first, second, third].flatMap((p) => p.rows.map((r) => r.id))).toEqual(ids);
    expect(third.hasNext).toBe(false);

    // Rows arrive, newer ones and some at the very same instant. The next page
    // still starts right after the row seen last: nothing of the first page
    // again, nothing of the old second page skipped; a same-instant row whose
    // id falls after that row now belongs there.
    const newer = await insertAt(3, "tie", new Date(at.getTime() + 60_000));
    const sameInstant = await insertAt(2, "tie", at);
    const order = [...newer.sort().reverse(), ...[...ids, ...sameInstant].sort().reverse()];
    const lastSeen = order.indexOf(first.rows.at(-1)?.id as string);
    const again = await list({ after: first.lastCursor as string });
    expect(again.rows.map((r) => r.id)).toEqual(order.slice(lastSeen + 1, lastSeen + 11));
    expect(again.rows.some((r) => first.rows.some((f) => f.id === r.id))).toBe(false);
    // Back from it: the ten rows just before, and more above them now.
    const back = await list({ before: again.firstCursor as string });
    expect(back.rows.map((r) => r.id)).toEqual(order.slice(lastSeen - 9, lastSeen + 1));
    expect(back.hasPrevious).toBe(true);
    expect((await list()).rows.map((r) => r.id)).toEqual(order.slice(0, 10));
    expect((await list()).total).toBe(35);
  });
});

describe("a search matching different columns", () => {
  it("pages as one list, newest first, each row once, though each column is walked on its own", async () => {
    const at = Date.UTC(2026, 6, 1);
    const made: { id: string; createdAt: number; pending: boolean }[] = [];
    for (let i = 0; i < 24; i++) {
      const id = randomUUID();
      const createdAt = at + (i % 8) * 60_000; // three rows a minute: ties across columns too
      await landlord().tenantApplication.create({
        data: {
          id,
          reference: `T-MIX${i}-${id.slice(0, 4)}`,
          // A third match by name, a third by slug, a third by email; some by two at once.
          organizationName: i % 3 === 0 ? `Mixmatch ${i}` : `Other ${i}`,
          requestedSlug:
            i % 3 === 1 || i % 6 === 0 ? `mixmatch-${i}-${id.slice(0, 4)}` : `plain-${i}-${id.slice(0, 4)}`,
          contactFirstName: "Mix",
          contactLastName: `Row ${i}`,
          contactEmail: i % 3 === 2 ? `mixmatch${i}@mix.example` : `someone${i}@mix.example`,
          organizationType: "association",
          country: "DE",
          expectedVoters: 10,
          status: i % 2 ? "pending" : "rejected",
          createdAt: new Date(createdAt),
        },
      });
      made.push({ id, createdAt, pending: i % 2 === 1 });
    }
    const newestFirst = made.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    const expected = newestFirst.map((r) => r.id);
    const list = (over: Record<string, string> = {}) =>
      listApplications(params({ q: "mixmatch", pageSize: "10", ...over }));
    const first = await list();
    const second = await list({ after: first.lastCursor as string });
    const third = await list({ after: second.lastCursor as string });
    expect([first, second, third].flatMap((p) => p.rows.map((r) => r.id))).toEqual(expected);
    expect(first).toMatchObject({ all: 24, allCapped: false, counts: { pending: 12, rejected: 12 } });
    expect((await list({ before: third.firstCursor as string })).rows.map((r) => r.id)).toEqual(
      second.rows.map((r) => r.id),
    );
    // The oldest ten of the pending ones, read oldest first and turned around.
    const pending = await list({ status: "pending", last: "1" });
    expect(pending.rows.map((r) => r.id)).toEqual(
      newestFirst
        .filter((r) => r.pending)
        .slice(-10)
        .map((r) => r.id),
    );
    expect(pending).toMatchObject({ total: 12, hasPrevious: true, hasNext: false });
  });
});

describe("the maintained counts (triggers on tenant_applications)", () => {
  async function grouped(): Promise<Record<string, number>> {
    const groups = await landlord().tenantApplication.groupBy({ by: ["status"], _count: { _all: true } });
    const counts = Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, 0]));
    for (const g of groups) counts[g.status] = g._count._all;
    return counts;
  }
  const maintained = async () => (await countAll()).counts;

  it("equal a GROUP BY after concurrent submissions, racing and opposite transitions, and direct SQL", async () => {
    const tag = randomUUID().slice(0, 6);
    const submissions = Array.from({ length: 12 }, (_, i) =>
      submitApplication(
        applicationInput.parse(
          sampleApplication({
            organizationName: `Count ${i} ${tag}`,
            requestedSlug: `count-${i}-${tag}`,
            contactEmail: `count${i}-${tag}@example.org`,
          }),
        ),
        { ip: `203.0.113.${i + 1}`, userAgent: "vitest" },
      ),
    );
    const of = (status: ApplicationStatus, n: number) => seeds.filter((s) => s.status === status).slice(0, n);
    // Two approvals of each application at once: one wins, one is refused.
    const approvals = of("pending", 10).flatMap((s) => [
      transitionApplication(s.id, "approved"),
      transitionApplication(s.id, "approved"),
    ]);
    // Opposite transitions at once (the pair that could deadlock on the count rows).
    const flips = [
      ...of("provisioning_started", 10).map((s) => transitionApplication(s.id, "provisioning_failed")),
      ...of("provisioning_failed", 10).map((s) => transitionApplication(s.id, "provisioning_started")),
    ];
    // One application moved twice in one transaction, as approval does.
    const twice = of("approved", 5).map((s) =>
      landlord().$transaction(async (tx) => {
        await transitionApplication(s.id, "provisioning_started", {}, tx);
        await transitionApplication(s.id, "provisioned", {}, tx);
      }),
    );
    const [submitted, approved, flipped, moved] = await Promise.all(
      [submissions, approvals, flips, twice].map((group) => Promise.allSettled(group as Promise<unknown>[])),
    );
    expect(submitted?.filter((r) => r.status === "fulfilled")).toHaveLength(12);
    expect(approved?.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    for (const refused of approved?.filter((r) => r.status === "rejected") ?? []) {
      expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: "INVALID_STATE" });
    }
    expect(flipped?.filter((r) => r.status === "rejected")).toEqual([]);
    expect(moved?.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await maintained()).toEqual(await grouped());

    // Writes that bypass the state machine are counted too.
    await landlord().$executeRaw`UPDATE tenant_applications SET status = 'expired' WHERE requested_slug LIKE 'count-%'`;
    await landlord().$executeRaw`DELETE FROM tenant_applications WHERE requested_slug LIKE 'tie-%'`;
    expect(await maintained()).toEqual(await grouped());

    // A transaction rolled back leaves the counts as they were.
    const before = await maintained();
    await expect(
      landlord().$transaction(async (tx) => {
        await transitionApplication(of("rejected", 1)[0]?.id as string, "approved", {}, tx).catch(() => undefined);
        await transitionApplication(of("unconfirmed", 1)[0]?.id as string, "expired", {}, tx);
        throw new Error("abandon");
      }),
    ).rejects.toThrow("abandon");
    expect(await maintained()).toEqual(before);
    expect(before).toEqual(await grouped());
  });
});
