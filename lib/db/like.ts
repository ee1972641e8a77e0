// A person's search text inside a LIKE pattern. Prisma hands `contains` and
// `startsWith` values to LIKE as they are, so without this a search for "a_b"
// also finds "axb", and "%" finds every row. Pure: no database, no secret.

/** `value` with LIKE's escape character and wildcards (`\`, `%`, `_`) escaped by `\`, MariaDB's default escape. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
