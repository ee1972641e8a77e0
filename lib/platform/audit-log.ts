// Reading the audit log: every entry, newest first, filtered by actor,
// action, application, tenant and date range, paged by keyset (lib/keyset.ts)
// on (created_at, id). Each filter has an index that leads with it and goes on
// with created_at (and the id InnoDB appends), so a page is an index walk from
// the cursor whatever the filter: fast at a million entries. The actor filter
// matches a label or an id: two walks, one per index, merged (an OR of the
// two columns would make MariaDB sort every match of the actor).
import "server-only";
import { landlord } from "../db/landlord";
import type { AuditLog, Prisma } from "../generated/landlord/client";
import { type KeysetPage, type Seek, seekFrom, seekPage, seekWhere, type WalkRequest } from "../keyset";
import { parseReference } from "./applications/reference";
import { AUDIT_PAGE_SIZE, type AuditFilters, type AuditLogParams } from "./audit-log-params";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface AuditRow {
  id: string;
  createdAt: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  applicationId: string | null;
  tenantId: string | null;
  ip: string | null;
  userAgent: string | null;
  context: unknown;
  /** The application it names, when it still exists. */
  application: { reference: string; organizationName: string } | null;
  /** The tenant it names, when it still exists. */
  tenant: { slug: string; name: string } | null;
}

export type AuditPage = KeysetPage<AuditRow>;

/** What the filters select, as a where clause; null when they can match nothing (an unknown slug or reference). */
export async function auditWhere(
  filters: AuditFilters,
): Promise<{ where: Prisma.AuditLogWhereInput; actor?: string } | null> {
  const where: Prisma.AuditLogWhereInput = {};
  if (filters.action) where.action = filters.action;
  if (filters.application) {
    const id = await applicationIdOf(filters.application);
    if (!id) return null;
    where.applicationId = id;
  }
  if (filters.tenant) {
    const id = await tenantIdOf(filters.tenant);
    if (!id) return null;
    where.tenantId = id;
  }
  if (filters.from || filters.to) {
    where.createdAt = {
      gte: filters.from ? new Date(`${filters.from}T00:00:00.000Z`) : undefined,
      // The last day is whole: up to the next midnight.
      lt: filters.to ? new Date(Date.parse(`${filters.to}T00:00:00.000Z`) + DAY_MS) : undefined,
    };
  }
  return { where, actor: filters.actor };
}

async function applicationIdOf(value: string): Promise<string | null> {
  if (UUID.test(value)) return value.toLowerCase();
  // As people type it ("app 7k3m q9xd"), or exactly as stored (older and imported references).
  const reference = parseReference(value) ?? value;
  const found = await landlord().tenantApplication.findUnique({ where: { reference }, select: { id: true } });
  return found?.id ?? null;
}

async function tenantIdOf(value: string): Promise<string | null> {
  if (UUID.test(value)) return value.toLowerCase();
  const found = await landlord().tenant.findUnique({ where: { slug: value.toLowerCase() }, select: { id: true } });
  return found?.id ?? null;
}

const cursorOf = (row: Pick<AuditLog, "createdAt" | "id">) => [row.createdAt.toISOString(), row.id.toString()];

function seekValues(from: string[] | undefined): [Date, bigint] | undefined {
  if (!from) return undefined;
  const [at, id] = from;
  const date = new Date(at ?? "");
  if (Number.isNaN(date.getTime()) || !/^\d{1,20}$/.test(id ?? "")) return undefined;
  return [date, BigInt(id as string)];
}

/** One walk of the log in (created_at, id) order, newest first unless backward: `take` entries from the cursor. */
export async function walkAuditLog(
  selection: { where: Prisma.AuditLogWhereInput; actor?: string },
  { from, backward, take }: WalkRequest,
): Promise<AuditLog[]> {
  const dir = backward ? "asc" : "desc";
  const values = seekValues(from);
  const seek = values
    ? (seekWhere(
        [
          { field: "createdAt", value: values[0] },
          { field: "id", value: values[1] },
        ],
        backward ? "gt" : "lt",
      ) as Prisma.AuditLogWhereInput)
    : undefined;
  const walk = (where: Prisma.AuditLogWhereInput) =>
    landlord().auditLog.findMany({
      where: seek ? { AND: [where, seek] } : where,
      orderBy: [{ createdAt: dir }, { id: dir }],
      take,
    });
  const { where, actor } = selection;
  if (!actor) return walk(where);
  const [byLabel, byId] = await Promise.all([
    walk({ ...where, actorLabel: actor }),
    walk({ ...where, actorId: actor }),
  ]);
  const merged = new Map<bigint, AuditLog>();
  for (const row of [...byLabel, ...byId]) merged.set(row.id, row);
  const sign = backward ? 1 : -1;
  return [...merged.values()]
    .sort((a, b) => sign * (a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
    .slice(0, take);
}

/** The applications and tenants a batch of entries names, for links and labels. */
export async function withSubjects(rows: AuditLog[]): Promise<AuditRow[]> {
  const applicationIds = [...new Set(rows.flatMap((r) => r.applicationId ?? []))];
  const tenantIds = [...new Set(rows.flatMap((r) => r.tenantId ?? []))];
  const [applications, tenants] = await Promise.all([
    applicationIds.length === 0
      ? []
      : landlord().tenantApplication.findMany({
          where: { id: { in: applicationIds } },
          select: { id: true, reference: true, organizationName: true },
        }),
    tenantIds.length === 0
      ? []
      : landlord().tenant.findMany({ where: { id: { in: tenantIds } }, select: { id: true, slug: true, name: true } }),
  ]);
  const applicationById = new Map(applications.map((a) => [a.id, a]));
  const tenantById = new Map(tenants.map((t) => [t.id, t]));
  return rows.map((row) => {
    const application = row.applicationId ? applicationById.get(row.applicationId) : undefined;
    const tenant = row.tenantId ? tenantById.get(row.tenantId) : undefined;
    return {
      ...row,
      id: row.id.toString(),
      context: row.context,
      application: application
        ? { reference: application.reference, organizationName: application.organizationName }
        : null,
      tenant: tenant ? { slug: tenant.slug, name: tenant.name } : null,
    };
  });
}

/** One page of the log for the console. */
export async function listAuditLog(params: AuditLogParams): Promise<AuditPage> {
  const selection = await auditWhere(params);
  if (!selection) return { rows: [], hasPrevious: false, hasNext: false };
  let seek: Seek = seekFrom(params, 2);
  // A cursor with a malformed value (a hand-edited link) is the first page.
  if ("cursor" in seek && !seekValues(seek.cursor)) seek = { kind: "first" };
  const page = await seekPage(seek, AUDIT_PAGE_SIZE, (request) => walkAuditLog(selection, request), cursorOf);
  return { ...page, rows: await withSubjects(page.rows) };
}

// The filter's choices change only when code learns a new action: read them
// at most once a minute per process. The read is a loose index scan of
// (action, created_at) while the table's statistics are current, but a full
// scan of the index (a few hundred ms at a million entries) right after a bulk load.
const ACTIONS_TTL_MS = 60_000;
let actionsCache: { at: number; actions: Promise<string[]> } | undefined;

/** The actions the log holds, for the filter's choices. */
export function auditActions(now = Date.now()): Promise<string[]> {
  if (!actionsCache || now - actionsCache.at > ACTIONS_TTL_MS) {
    const actions = landlord()
      .auditLog.groupBy({ by: ["action"], orderBy: { action: "asc" } })
      .then((groups) => groups.map((g) => g.action));
    actions.catch(() => {
      actionsCache = undefined;
    });
    actionsCache = { at: now, actions };
  }
  return actionsCache.actions;
}
