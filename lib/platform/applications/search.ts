// The applications list's search: a reference exactly, or a prefix of the
// organization's name, the slug or the contact's email (a leading-% LIKE
// could use no index). Each alternative is served by an index of its own;
// the list walks and counts them one by one and merges, because MariaDB
// answers an OR of the three by merging every match of all three indexes
// first, which costs ~100 ms when a prefix matches ten thousand rows.
// Pure where-clauses: no database here.
import { escapeLike } from "../../db/like";
import type { Prisma } from "../../generated/landlord/client";
import { parseReference } from "./reference";

/** The search as alternatives, each one index's range; null when there is no search. */
export function searchAlternatives(q: string | undefined): Prisma.TenantApplicationWhereInput[] | null {
  if (!q) return null;
  const reference = parseReference(q);
  if (reference) return [{ reference }];
  const prefix = escapeLike(q);
  return [
    { organizationName: { startsWith: prefix } },
    { requestedSlug: { startsWith: prefix } },
    { contactEmail: { startsWith: prefix } },
  ];
}
