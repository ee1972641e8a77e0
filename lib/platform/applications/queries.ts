// Reading applications for the admin console: one page of the list with the
// status counts, and one application with everything known about it.
//
// The list stays fast at tens of thousands of rows: the counts are one
// GROUP BY (an index scan of (status, created_at) without a search), the page
// is an index-ordered walk with LIMIT/OFFSET over ids (then 25 rows by id), and search is a prefix match on
// the indexed organization_name, requested_slug and contact_email columns (a
// leading-% LIKE could use no index). A reference number matches exactly.
import "server-only";
import { landlord } from "../../db/landlord";
import { escapeLike } from "../../db/like";
import type { ApplicationStatus, Prisma } from "../../generated/landlord/client";
import type { ListApplicationsParams } from "./list-params";
import { parseReference } from "./reference";
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

export interface ApplicationPage {
  rows: ApplicationRow[];
  /** Rows matching the search in the selected status tab. */
  total: number;
  /** Rows matching the search, per status. */
  counts: Record<ApplicationStatus, number>;
  /** Rows matching the search in any status. */
  all: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

export function searchWhere(q: string | undefined): Prisma.TenantApplicationWhereInput {
  if (!q) return {};
  const reference = parseReference(q);
  if (reference) return { reference };
  const prefix = escapeLike(q);
  return {
    OR: [
      { organizationName: { startsWith: prefix } },
      { requestedSlug: { startsWith: prefix } },
      { contactEmail: { startsWith: prefix } },
    ],
  };
}

function orderBy(params: ListApplicationsParams): Prisma.TenantApplicationOrderByWithRelationInput[] {
  const { sort, dir } = params;
  // The id tie-breaker keeps paging stable; InnoDB indexes end in the id already.
  if (sort === "createdAt") return [{ createdAt: dir }, { id: dir }];
  if (sort === "status") return [{ status: dir }, { createdAt: dir }, { id: dir }];
  return [{ [sort]: dir }, { id: dir }];
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

export async function listApplications(params: ListApplicationsParams): Promise<ApplicationPage> {
  const db = landlord();
  const search = searchWhere(params.q);
  const where = params.status ? { ...search, status: params.status } : search;
  // A deferred join: the offset walks the (covering) index for ids only, then
  // just the page's rows are read. Skipping 20,000 full rows costs ~100 ms;
  // skipping 20,000 index entries a few.
  const fetchPage = async (page: number) => {
    const ids = await db.tenantApplication.findMany({
      where,
      orderBy: orderBy(params),
      skip: (page - 1) * params.pageSize,
      take: params.pageSize,
      select: { id: true },
    });
    if (ids.length === 0) return [];
    const rows = await db.tenantApplication.findMany({
      where: { id: { in: ids.map((r) => r.id) } },
      select: rowSelect,
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((r) => byId.get(r.id) ?? []);
  };

  const [grouped, firstTry] = await Promise.all([
    db.tenantApplication.groupBy({ by: ["status"], where: search, _count: { _all: true } }),
    fetchPage(params.page),
  ]);
  const counts = Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, 0])) as Record<ApplicationStatus, number>;
  for (const group of grouped) counts[group.status] = group._count._all;
  const all = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const total = params.status ? counts[params.status] : all;
  const pageCount = Math.max(1, Math.ceil(total / params.pageSize));
  // A page past the end (an old link, rows since rejected) shows the last page instead.
  const page = Math.min(params.page, pageCount);
  const rows = page === params.page ? firstTry : await fetchPage(page);

  return {
    rows: rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      organizationName: r.organizationName,
      requestedSlug: r.requestedSlug,
      contactName: `${r.contactFirstName} ${r.contactLastName}`,
      contactEmail: r.contactEmail,
      status: r.status,
      createdAt: r.createdAt.toISOString(),
    })),
    total,
    counts,
    all,
    page,
    pageSize: params.pageSize,
    pageCount,
  };
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
