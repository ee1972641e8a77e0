// How many applications the list's tabs show. Without a search: the nine rows
// of application_status_counts, kept exact by triggers on every write
// (migration 20261128070000_console_lists), never a GROUP BY over a million
// rows. With one: its matches counted up to SEARCH_COUNT_CAP ("1,000+"
// beyond), each alternative (./search.ts) read from its own index, ids only.
import "server-only";
import { landlord } from "../../db/landlord";
import type { ApplicationStatus, Prisma } from "../../generated/landlord/client";
import { APPLICATION_STATUSES } from "./status";

/** Search matches are counted up to this many; past it the list says "1,000+". */
export const SEARCH_COUNT_CAP = 1000;

export interface Counted {
  /** Per status; a status is missing when a search matched past the cap. */
  counts: Partial<Record<ApplicationStatus, number>>;
  /** In any status (at least this many when `allCapped`). */
  all: number;
  allCapped: boolean;
}

const zeros = () => Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, 0])) as Record<ApplicationStatus, number>;

/** Exact counts per status, from the maintained table. */
export async function countAll(): Promise<Counted> {
  const rows = await landlord().applicationStatusCount.findMany();
  const counts = zeros();
  for (const row of rows) counts[row.status] = Number(row.count);
  return { counts, all: Object.values(counts).reduce((sum, n) => sum + n, 0), allCapped: false };
}

/** The ids matching any alternative (and `where`), at most cap + 1 of them. */
async function cappedIds(
  alternatives: Prisma.TenantApplicationWhereInput[],
  where: Prisma.TenantApplicationWhereInput = {},
): Promise<Set<string>> {
  const found = await Promise.all(
    alternatives.map((alternative) =>
      landlord().tenantApplication.findMany({
        where: { AND: [where, alternative] },
        select: { id: true },
        take: SEARCH_COUNT_CAP + 1,
      }),
    ),
  );
  return new Set(found.flat().map((r) => r.id));
}

/** A search's matches per status while they number at most the cap; past it only "more than the cap". */
export async function countSearch(alternatives: Prisma.TenantApplicationWhereInput[]): Promise<Counted> {
  const ids = await cappedIds(alternatives);
  if (ids.size > SEARCH_COUNT_CAP) return { counts: {}, all: SEARCH_COUNT_CAP, allCapped: true };
  const counts = zeros();
  if (ids.size > 0) {
    const groups = await landlord().tenantApplication.groupBy({
      by: ["status"],
      where: { id: { in: [...ids] } },
      _count: { _all: true },
    });
    for (const group of groups) counts[group.status] = group._count._all;
  }
  return { counts, all: ids.size, allCapped: false };
}

/** One tab's matches of a search, capped: for a search whose split per status is past the cap. */
export async function countSearchInStatus(
  alternatives: Prisma.TenantApplicationWhereInput[],
  status: ApplicationStatus,
): Promise<{ count: number; more: boolean }> {
  const ids = await cappedIds(alternatives, { status });
  return ids.size > SEARCH_COUNT_CAP ? { count: SEARCH_COUNT_CAP, more: true } : { count: ids.size, more: false };
}
