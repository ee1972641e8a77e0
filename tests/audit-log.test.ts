// The audit log: filters (each and combined), keyset paging through entries
// that share a timestamp, and the CSV export (streamed, quoted, formulas
// defused, filtered, audited, and refused to a viewer and to no session).
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as exportCsv } from "@/app/admin/(console)/audit/export/route";
import AuditLogPage from "@/app/admin/(console)/audit/page";
import { landlord } from "@/lib/db/landlord";
import { AUDIT_CSV_HEADER, auditCsvFilename, auditCsvStream } from "@/lib/platform/audit-export";
import { listAuditLog } from "@/lib/platform/audit-log";
import { parseAuditLogParams } from "@/lib/platform/audit-log-params";
import { createApplication, uniqueSlug } from "./helpers/applications";
import { createTestAdmin, platformSession } from "./helpers/platform-admin";
import { serialize } from "./helpers/tenant-auth";
import { boundary } from "./setup/request-boundary";

const FORMULA_NAME = '=HYPERLINK("http://evil.example","Click me")';
const TIE_AT = new Date("2026-10-01T12:00:00.000Z");
const day = (d: string) => new Date(`2026-10-${d}T09:30:00.000Z`);

let appA: { id: string; reference: string };
let appB: { id: string; reference: string };
let tenant: { id: string; slug: string };
let ties: string[];
const entry: Record<string, string> = {};

beforeAll(async () => {
  appA = await createApplication({ name: FORMULA_NAME });
  appB = await createApplication();
  const slug = uniqueSlug("audited");
  tenant = await landlord().tenant.create({
    data: {
      id: randomUUID(),
      name: "Audited Org",
      slug,
      email: `admin@${slug}.example`,
      databaseName: `tenant_${slug.replaceAll("-", "_")}`,
      status: "active",
    },
  });
  const rows = [
    {
      key: "e1",
      actorLabel: "ada@example.org",
      actorId: "17",
      action: "application.approved",
      applicationId: appA.id,
      createdAt: day("05"),
    },
    {
      key: "e2",
      actorLabel: "ada@example.org",
      actorId: "17",
      action: "application.rejected",
      applicationId: appB.id,
      createdAt: day("06"),
    },
    {
      key: "e3",
      actorLabel: "bob@example.org",
      actorId: "18",
      action: "application.approved",
      applicationId: appB.id,
      createdAt: day("07"),
    },
    {
      key: "e4",
      actorLabel: "system",
      actorId: null,
      action: "tenant.suspended",
      tenantId: tenant.id,
      createdAt: day("08"),
    },
    {
      key: "e5",
      actorLabel: "ops",
      actorId: null,
      action: "tenant.activated",
      tenantId: tenant.id,
      createdAt: day("09"),
    },
    // A label that is another actor's id: the actor filter finds both.
    {
      key: "e6",
      actorLabel: "18",
      actorId: null,
      action: "tenant.activated",
      tenantId: tenant.id,
      createdAt: day("10"),
    },
  ];
  for (const { key, ...row } of rows) {
    const created = await landlord().auditLog.create({
      data: {
        actorType: row.actorId ? "platform_admin" : "system",
        ip: "198.51.100.7",
        // A visitor's user agent may start like a formula too.
        userAgent: key === "e1" ? "\t=cmd|' /C calc'!A0" : "vitest",
        context: key === "e1" ? { notes: 'approved, "as is"\nsecond line', organizationName: FORMULA_NAME } : { key },
        ...row,
      },
    });
    entry[key] = created.id.toString();
  }
  await landlord().auditLog.createMany({
    data: Array.from({ length: 120 }, (_, i) => ({
      actorType: "system",
      actorLabel: "ties@example.org",
      action: "tie.same",
      context: { i },
      createdAt: TIE_AT,
    })),
  });
  const tieRows = await landlord().auditLog.findMany({ where: { action: "tie.same" }, select: { id: true } });
  ties = tieRows.map((r) => r.id.toString()).sort((a, b) => Number(BigInt(b) - BigInt(a)));
});

const list = (query: Record<string, string>) => listAuditLog(parseAuditLogParams(query));
const keys = async (query: Record<string, string>) => {
  const ids = (await list(query)).rows.map((r) => r.id);
  return ids.map((id) => Object.keys(entry).find((k) => entry[k] === id) ?? id);
};

describe("filters", () => {
  it("by actor: a label or an id, newest first", async () => {
    expect(await keys({ actor: "ada@example.org" })).toEqual(["e2", "e1"]);
    expect(await keys({ actor: "17" })).toEqual(["e2", "e1"]);
    expect(await keys({ actor: "18" })).toEqual(["e6", "e3"]);
    expect(await keys({ actor: "nobody@example.org" })).toEqual([]);
  });

  it("by action, application (id or reference), tenant (slug or id) and days", async () => {
    expect(await keys({ action: "application.approved" })).toEqual(["e3", "e1"]);
    expect(await keys({ application: appA.reference })).toEqual(["e1"]);
    expect(await keys({ application: appB.id })).toEqual(["e3", "e2"]);
    expect(await keys({ application: "APP-ZZZZ-ZZZZ" })).toEqual([]);
    expect(await keys({ tenant: tenant.slug })).toEqual(["e6", "e5", "e4"]);
    expect(await keys({ tenant: tenant.id })).toEqual(["e6", "e5", "e4"]);
    expect(await keys({ tenant: "no-such-tenant" })).toEqual([]);
    // Both days whole, in UTC.
    expect(await keys({ from: "2026-10-06", to: "2026-10-07" })).toEqual(["e3", "e2"]);
  });

  it("combined", async () => {
    expect(await keys({ actor: "ada@example.org", action: "application.approved" })).toEqual(["e1"]);
    expect(await keys({ actor: "17", action: "application.approved", from: "2026-10-06" })).toEqual([]);
    expect(await keys({ action: "tenant.activated", tenant: tenant.slug, to: "2026-10-09" })).toEqual(["e5"]);
    expect(await keys({ actor: "18", tenant: tenant.slug })).toEqual(["e6"]);
    // Malformed values are no filter, not an error.
    expect(parseAuditLogParams({ from: "yesterday", to: "2026-13-45", after: "x".repeat(500) })).toMatchObject({
      from: undefined,
      to: undefined,
      after: undefined,
    });
  });

  it("subjects: the application and tenant each entry names", async () => {
    const [e1] = (await list({ application: appA.id })).rows;
    expect(e1).toMatchObject({ application: { reference: appA.reference, organizationName: FORMULA_NAME } });
    const [e6] = (await list({ tenant: tenant.slug })).rows;
    expect(e6).toMatchObject({ tenant: { slug: tenant.slug, name: "Audited Org" } });
  });
});

describe("keyset paging", () => {
  it("pages through 120 entries of one instant by id, losing and repeating none, and back", async () => {
    const pages = [await list({ action: "tie.same" })];
    while (pages.at(-1)?.hasNext)
      pages.push(await list({ action: "tie.same", after: pages.at(-1)?.lastCursor as string }));
    expect(pages.map((p) => p.rows.length)).toEqual([25, 25, 25, 25, 20]);
    expect(pages.flatMap((p) => p.rows.map((r) => r.id))).toEqual(ties);
    const back = await list({ action: "tie.same", before: pages[4]?.firstCursor as string });
    expect(back.rows.map((r) => r.id)).toEqual(pages[3]?.rows.map((r) => r.id));
    const last = await list({ action: "tie.same", last: "1" });
    expect(last.rows.map((r) => r.id)).toEqual(ties.slice(-25));
    expect(last).toMatchObject({ hasNext: false, hasPrevious: true });
  });

  it("merges the actor's two walks page by page", async () => {
    await landlord().auditLog.createMany({
      data: Array.from({ length: 70 }, (_, i) => ({
        actorType: "platform_admin",
        // Half by label, half by id: one person, two ways of being named.
        actorLabel: i % 2 ? "merge@example.org" : null,
        actorId: i % 2 ? null : "merge@example.org",
        action: "merge.test",
        createdAt: new Date(TIE_AT.getTime() - (i % 7) * 1000),
      })),
    });
    const all = await landlord().auditLog.findMany({
      where: { action: "merge.test" },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true },
    });
    const pages = [await list({ actor: "merge@example.org" })];
    while (pages.at(-1)?.hasNext) {
      pages.push(await list({ actor: "merge@example.org", after: pages.at(-1)?.lastCursor as string }));
    }
    expect(pages.flatMap((p) => p.rows.map((r) => r.id))).toEqual(all.map((r) => r.id.toString()));
    expect(pages).toHaveLength(3);
  });
});

/** RFC 4180 fields of a whole file, for checking the export as a spreadsheet would read it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

async function readStream(body: ReadableStream<Uint8Array>): Promise<{ text: string; chunks: number }> {
  const reader = body.getReader();
  // Keeps the byte-order mark, which TextDecoder would otherwise swallow: the file starts with it.
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  let text = "";
  let chunks = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks++;
    text += decoder.decode(value, { stream: true });
  }
  return { text, chunks };
}

const exportRequest = (query: string) => new Request(`http://localhost/admin/audit/export?${query}`);

describe("CSV export", () => {
  it("streams the filtered entries with a header, quoting and formulas defused, and is audited", async () => {
    const owner = await createTestAdmin("owner");
    const { adminSessionOf } = await import("./helpers/platform-admin");
    boundary.session = (await adminSessionOf(owner)).session;
    const response = await exportCsv(exportRequest("action=application.approved"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${auditCsvFilename()}"`);
    expect(auditCsvFilename(new Date("2026-11-28T23:59:00Z"))).toBe("audit-log-2026-11-28.csv");
    expect(response.body).toBeInstanceOf(ReadableStream);
    const { text } = await readStream(response.body as ReadableStream<Uint8Array>);
    expect(text.startsWith("\uFEFFcreated_at,id,actor_type,")).toBe(true);

    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual([...AUDIT_CSV_HEADER]);
    expect(rows.map((r) => r[1])).toEqual([entry.e3, entry.e1]);
    const e1 = Object.fromEntries(header?.map((name, i) => [name, rows[1]?.[i]]) ?? []);
    // The visitor-typed name reads as text, not a formula; the raw file shows why.
    expect(e1.organization).toBe(`'${FORMULA_NAME}`);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""Click me"")"`);
    expect(e1.user_agent).toBe("'\t=cmd|' /C calc'!A0");
    expect(e1).toMatchObject({ actor: "ada@example.org", actor_id: "17", application_reference: appA.reference });
    expect(JSON.parse(e1.context as string)).toEqual({
      notes: 'approved, "as is"\nsecond line',
      organizationName: FORMULA_NAME,
    });

    const audited = await landlord().auditLog.findFirstOrThrow({
      where: { action: "audit.exported" },
      orderBy: { id: "desc" },
    });
    expect(audited).toMatchObject({ actorId: owner.id, context: { filters: { action: "application.approved" } } });
  });

  it("reads in keyset batches, one chunk each, every entry once", async () => {
    const { text, chunks } = await readStream(auditCsvStream({ action: "tie.same" }, 25));
    expect(chunks).toBe(1 + Math.ceil(120 / 25));
    const rows = parseCsv(text.slice(1)).slice(1);
    expect(rows.map((r) => r[1])).toEqual(ties);
  });

  it("is refused to a viewer (FORBIDDEN) and to no session (UNAUTHORIZED), with nothing audited", async () => {
    const before = await landlord().auditLog.count({ where: { action: "audit.exported" } });
    boundary.session = await platformSession("viewer");
    const forbidden = await exportCsv(exportRequest(""));
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ code: "FORBIDDEN" });
    boundary.session = null;
    const anonymous = await exportCsv(exportRequest(""));
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await landlord().auditLog.count({ where: { action: "audit.exported" } })).toBe(before);
  });
});

describe("the page", () => {
  const render = async () =>
    serialize(
      await AuditLogPage({
        searchParams: Promise.resolve({ action: "application.approved", actor: "ada@example.org" }),
      }),
    );

  it("offers the export with the page's filters to those who may export, and not to a viewer", async () => {
    boundary.session = await platformSession("reviewer");
    expect(await render()).toContain("/admin/audit/export?action=application.approved&actor=ada%40example.org");
    boundary.session = await platformSession("viewer");
    const viewer = await render();
    expect(viewer).not.toContain("/admin/audit/export");
    expect(viewer).toContain(entry.e1);
  });
});
