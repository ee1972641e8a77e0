// Keyset ("seek") paging: a page is "the n rows after (or before) this row in
// the list's order", found by walking an index from that row, never by
// skipping rows. Page 40,000 costs what page 1 costs, and a row inserted
// meanwhile moves nothing: the next page starts after the row you saw last.
// The cursor is the order's key values of that edge row (the id last, so ties
// break by id), carried in the URL as `?after=` / `?before=`; `?last=1` asks
// for the oldest rows. Pure and client-safe: the pages build their links with it.

export type Seek =
  | { kind: "first" }
  | { kind: "last" }
  | { kind: "after"; cursor: string[] }
  | { kind: "before"; cursor: string[] };

export interface SeekParams {
  after?: string;
  before?: string;
  last?: boolean;
}

// A value may hold commas (an organization's name): escape them, and the escape itself.
const escapePart = (value: string) => value.replace(/%/g, "%25").replace(/,/g, "%2C");
const unescapePart = (value: string) => value.replace(/%2C/gi, ",").replace(/%25/g, "%");

export function encodeCursor(values: readonly string[]): string {
  return values.map(escapePart).join(",");
}

/** The cursor's values, or undefined when it is not `arity` values (a hand-edited or stale link). */
export function decodeCursor(raw: string | undefined, arity: number): string[] | undefined {
  if (!raw) return undefined;
  const parts = raw.split(",").map(unescapePart);
  return parts.length === arity ? parts : undefined;
}

/** Which page the URL asks for; anything malformed is the first page. */
export function seekFrom(params: SeekParams, arity: number): Seek {
  const after = decodeCursor(params.after, arity);
  if (after) return { kind: "after", cursor: after };
  const before = decodeCursor(params.before, arity);
  if (before) return { kind: "before", cursor: before };
  return params.last ? { kind: "last" } : { kind: "first" };
}

/** One step of the walk: `take` rows from `from` (exclusive), in the list's order or against it. */
export interface WalkRequest {
  from?: string[];
  /** True: against the list's order (a "previous" or the last page), the rows come back reversed. */
  backward: boolean;
  take: number;
}

export interface KeysetPage<Row> {
  rows: Row[];
  hasPrevious: boolean;
  hasNext: boolean;
  /** The cursors of the first and last row shown (for the previous and next links). */
  firstCursor?: string;
  lastCursor?: string;
}

/**
 * One page for `seek`: one walk of pageSize + 1 rows (the extra one says
 * whether there is more), and a second only when a cursor leads nowhere (its
 * row was deleted, or the link is stale), which shows the first or last page instead.
 */
export async function seekPage<Row>(
  seek: Seek,
  pageSize: number,
  walk: (request: WalkRequest) => Promise<Row[]>,
  cursorOf: (row: Row) => string[],
): Promise<KeysetPage<Row>> {
  const take = pageSize + 1;
  const page = (rows: Row[], hasPrevious: boolean, hasNext: boolean): KeysetPage<Row> => {
    const first = rows[0];
    const last = rows.at(-1);
    return {
      rows,
      hasPrevious,
      hasNext,
      firstCursor: first === undefined ? undefined : encodeCursor(cursorOf(first)),
      lastCursor: last === undefined ? undefined : encodeCursor(cursorOf(last)),
    };
  };
  const forward = async (from?: string[]) => {
    const rows = await walk({ from, backward: false, take });
    return { rows: rows.slice(0, pageSize), more: rows.length > pageSize };
  };
  const backward = async (from?: string[]) => {
    const rows = await walk({ from, backward: true, take });
    return { rows: rows.slice(0, pageSize).reverse(), more: rows.length > pageSize };
  };

  switch (seek.kind) {
    case "first": {
      const { rows, more } = await forward();
      return page(rows, false, more);
    }
    case "last": {
      const { rows, more } = await backward();
      return page(rows, more, false);
    }
    case "after": {
      const { rows, more } = await forward(seek.cursor);
      if (rows.length > 0) return page(rows, true, more);
      return seekPage({ kind: "last" }, pageSize, walk, cursorOf);
    }
    case "before": {
      const { rows, more } = await backward(seek.cursor);
      // Fewer than a page before the cursor: that is the top; show a whole first page.
      if (rows.length === pageSize) return page(rows, more, true);
      return seekPage({ kind: "first" }, pageSize, walk, cursorOf);
    }
  }
}

export type Comparison = "lt" | "gt";

/** The comparison that continues a walk in `dir` order (reversed when walking backward). */
export function comparisonFor(dir: "asc" | "desc", backward: boolean): Comparison {
  return (dir === "desc") !== backward ? "lt" : "gt";
}

export interface KeyPart {
  field: string;
  value: unknown;
  /** How this key says "before/after value" when the plain lt/gt does not fit (an enum: `in`). */
  beyond?: (comparison: Comparison) => unknown;
}

/**
 * Prisma's form of (k1, k2, ..., id) < (v1, v2, ..., id0) (or >): an OR of
 * "equal on the first i keys and beyond on the next". MariaDB turns it into
 * ranges of the index that orders the list, so the walk starts at the cursor.
 */
export function seekWhere(keys: readonly KeyPart[], comparison: Comparison): { OR: Record<string, unknown>[] } {
  return {
    OR: keys.map((key, i) => {
      const clause: Record<string, unknown> = {};
      for (const equal of keys.slice(0, i)) clause[equal.field] = equal.value;
      clause[key.field] = key.beyond ? key.beyond(comparison) : { [comparison]: key.value };
      return clause;
    }),
  };
}
