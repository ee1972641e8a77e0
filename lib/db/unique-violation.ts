// Prisma's unique-violation error (P2002), one check for every caller: which
// unique index it hit. With the MariaDB adapter the
// index name sits in meta.driverAdapterError.cause.constraint.index; older
// shapes put the fields in meta.target. Null for any other error.
export function uniqueViolation(error: unknown): string | null {
  const e = error as { code?: string; meta?: Record<string, unknown> } | null;
  if (e?.code !== "P2002") return null;
  const cause = (e.meta?.driverAdapterError as { cause?: { constraint?: { index?: string; fields?: string[] } } })
    ?.cause;
  const constraint = cause?.constraint;
  if (constraint?.index) return constraint.index;
  if (constraint?.fields) return constraint.fields.join(",");
  const target = e.meta?.target;
  if (Array.isArray(target)) return target.join(",");
  return typeof target === "string" ? target : "unknown";
}

/** Whether `error` is a unique violation (of `index`, when given). */
export function isUniqueViolation(error: unknown, index?: string): boolean {
  const hit = uniqueViolation(error);
  return hit !== null && (index === undefined || hit === index);
}
