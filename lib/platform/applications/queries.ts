// Reading applications for the admin console: one page of the list with the
// status counts, and one application with everything known about it.
//
// The list stays fast at a million rows:
// - paging is by keyset (lib/keyset.ts): a page is an index walk of
//   pageSize + 1 rows from the cursor, in the order's own index ((status,
//   created_at) for a tab, (created_at) for all; the id ends every InnoDB index),
//   so the last page costs what the first does;
// - the tabs' counts are maintained rows, a search's are capped (./counts.ts);
// - a search (./search.ts) walks each of its alternatives in the list's order
//   and merges them here (for the orders whose comparison JavaScript can
//   repeat exactly: time, status, id); sorted by a text column it is one query.
import "server-only";
import { landlord } from "../../db/landlord";
import type { ApplicationStatus, Prisma } from "../../generated/landlord/client";
import {
  type Comparison,
  type KeyPart,
  type KeysetPage,
  type Seek,
  seekFrom,
  seekPage,
  seekWhere,
  type WalkRequest,
} from "../../keyset";
import { type Counted, countAll, countSearch, countSearchInStatus } from "./counts";
import type { ListApplicationsParams, SortableColumn } from "./list-params";
import { searchAlternatives } from "./search";
import { APPLICATION_STATUSES } from "./status";

export interface ApplicationRow {
  id: string;
  reference: string;
  organizationName: string;
  requestedSlug: string;
  contactName: string;
  contactEmail: string;
  status: ApplicationStatus;
  createdAt: string;
}

export interface ApplicationPage extends KeysetPage<ApplicationRow>, Counted {
  /** Rows matching the search in the selected status tab (at least this many when `totalCapped`). */
  total: number;
  totalCapped: boolean;
  pageSize: number;
}

const rowSelect = {
  id: true,
  reference: true,
  organizationName: true,
  requestedSlug: true,
  contactFirstName: true,
  contactLastName: true,
  contactEmail: true,
  status: true,
  createdAt: true,
} satisfies Prisma.TenantApplicationSelect;

type Selected = Prisma.TenantApplicationGetPayload<{ select: typeof rowSelect }>;

/** One key of an order: how a row gives its cursor value, and how a cursor value is read back. */
interface OrderKey {
  field: SortableColumn | "id";
  toCursor: (row: Selected) => string;
  /** undefined when the value is malformed (a hand-edited link). */
  fromCursor: (value: string) => unknown;
  beyond?: (value: unknown) => (comparison: Comparison) => unknown;
  /** Ascending order of two rows, exactly as MariaDB orders them; left out where a collation decides. */
  compare?: (a: Selected, b: Selected) => number;
}

const text = (field: "organizationName" | "requestedSlug" | "contactEmail" | "id"): OrderKey => ({
  field,
  toCursor: (row) => row[field],
  fromCursor: (value) => value,
});
// Ids are lowercase UUIDs: the collation orders them as their code points.
const id: OrderKey = { ...text("id"), compare: (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) };
const createdAt: OrderKey = {
  field: "createdAt",
  compare: (a, b) => a.createdAt.getTime() - b.createdAt.getTime(),
  toCursor: (row) => row.createdAt.toISOString(),
  fromCursor: (value) => {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  },
};
// Prisma compares enums only by equality: "before pending" is the statuses
// before it in the column's ENUM order (which APPLICATION_STATUSES follows).
const status: OrderKey = {
  field: "status",
  compare: (a, b) => APPLICATION_STATUSES.indexOf(a.status) - APPLICATION_STATUSES.indexOf(b.status),
  toCursor: (row) => row.status,
  fromCursor: (value) => ((APPLICATION_STATUSES as readonly string[]).includes(value) ? value : undefined),
  beyond: (value) => (comparison) => {
    const at = APPLICATION_STATUSES.indexOf(value as ApplicationStatus);
    return { in: APPLICATION_STATUSES.filter((_, i) => (comparison === "lt" ? i < at : i > at)) };
  },
};

/** Every order ends in the id, so rows that tie (one timestamp, one name) still have one place. */
function orderKeys(sort: SortableColumn): OrderKey[] {
  if (sort === "createdAt") return [createdAt, id];
  if (sort === "status") return [status, createdAt, id];
  return [text(sort), id];
}

function toRow(r: Selected): ApplicationRow {
  return {
    id: r.id,
    reference: r.reference,
    organizationName: r.organizationName,
    requestedSlug: r.requestedSlug,
    contactName: `${r.contactFirstName} ${r.contactLastName}`,
    contactEmail: r.contactEmail,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function listApplications(params: ListApplicationsParams): Promise<ApplicationPage> {
  const alternatives = searchAlternatives(params.q);
  const base: Prisma.TenantApplicationWhereInput = params.status ? { status: params.status } : {};
  const keys = orderKeys(params.sort);
  let seek: Seek = seekFrom(params, keys.length);
  // A cursor with a malformed value (a hand-edited link) is the first page.
  if ("cursor" in seek && seek.cursor.some((value, i) => keys[i]?.fromCursor(value) === undefined)) {
    seek = { kind: "first" };
  }
  const walk = (request: WalkRequest) => walkApplications(params, keys, base, alternatives, request);

  const [page, counted] = await Promise.all([
    seekPage(seek, params.pageSize, walk, (row) => keys.map((key) => key.toCursor(row))),
    alternatives ? countSearch(alternatives) : countAll(),
  ]);
  let total = params.status ? counted.counts[params.status] : counted.all;
  let totalCapped = params.status ? total === undefined : counted.allCapped;
  // Past the cap the per-status split is unknown: count the tab's own matches, capped too.
  if (total === undefined && params.status && alternatives) {
    const tab = await countSearchInStatus(alternatives, params.status);
    total = tab.count;
    totalCapped = tab.more;
  }

  return {
    ...page,
    rows: page.rows.map(toRow),
    total: total ?? 0,
    totalCapped,
    counts: counted.counts,
    all: counted.all,
    allCapped: counted.allCapped,
    pageSize: params.pageSize,
  };
}

/** `take` rows from the cursor in the list's order (or against it), each search alternative walked on its own and merged. */
async function walkApplications(
  params: ListApplicationsParams,
  keys: OrderKey[],
  base: Prisma.TenantApplicationWhereInput,
  alternatives: Prisma.TenantApplicationWhereInput[] | null,
  { from, backward, take }: WalkRequest,
): Promise<Selected[]> {
  const dir = (params.dir === "desc") !== backward ? "desc" : "asc";
  const comparison: Comparison = dir === "desc" ? "lt" : "gt";
  const values = from?.map((value, i) => (keys[i] as OrderKey).fromCursor(value));
  const parts: KeyPart[] = keys.map((key, i) => ({
    field: key.field,
    value: values?.[i],
    beyond: key.beyond?.(values?.[i]),
  }));
  const seek = values ? (seekWhere(parts, comparison) as Prisma.TenantApplicationWhereInput) : {};
  const query = (where: Prisma.TenantApplicationWhereInput) =>
    landlord().tenantApplication.findMany({
      where: { AND: [base, where, seek] },
      orderBy: keys.map((key) => ({ [key.field]: dir })),
      take,
      select: rowSelect,
    });
  const mergeable = keys.every((key) => key.compare);
  if (!alternatives || alternatives.length === 1 || !mergeable) {
    return query(!alternatives ? {} : alternatives.length === 1 ? (alternatives[0] ?? {}) : { OR: alternatives });
  }
  const found = await Promise.all(alternatives.map(query));
  const byId = new Map(found.flat().map((row) => [row.id, row]));
  const sign = dir === "asc" ? 1 : -1;
  const order = (a: Selected, b: Selected) => {
    for (const key of keys) {
      const difference = (key.compare as NonNullable<OrderKey["compare"]>)(a, b);
      if (difference !== 0) return sign * difference;
    }
    return 0;
  };
  return [...byId.values()].sort(order).slice(0, take);
}

/** One application with its reviewer, audit trail and emails; null when there is none. */
export async function getApplicationDetail(id: string) {
  const db = landlord();
  const application = await db.tenantApplication.findUnique({
    where: { id },
    include: {
      reviewer: { select: { name: true, email: true } },
      tenant: { select: { id: true, slug: true, status: true, deletedAt: true } },
    },
  });
  if (!application) return null;
  const [auditTrail, emails] = await Promise.all([
    db.auditLog.findMany({ where: { applicationId: id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    db.emailOutbox.findMany({
      where: { applicationId: id },
      orderBy: { createdAt: "asc" },
      select: { id: true, template: true, subject: true, toAddress: true, status: true, createdAt: true },
    }),
  ]);
  return { application, auditTrail, emails };
}

export type ApplicationDetail = NonNullable<Awaited<ReturnType<typeof getApplicationDetail>>>;
