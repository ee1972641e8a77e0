import { describe, expect, it } from "vitest";
import {
  decodeCursor,
  encodeCursor,
  type KeysetPage,
  type Seek,
  seekFrom,
  seekPage,
  seekWhere,
  type WalkRequest,
} from "./keyset";

// An in-memory list ordered (at desc, id desc), walked as the database walks its index.
interface Row {
  at: number;
  id: number;
}
const key = (r: Row): [number, number] => [r.at, r.id];
const before = (a: Row, b: [number, number]) => a.at < b[0] || (a.at === b[0] && a.id < b[1]);
const after = (a: Row, b: [number, number]) => a.at > b[0] || (a.at === b[0] && a.id > b[1]);

function walker(rows: Row[]) {
  const desc = [...rows].sort((a, b) => b.at - a.at || b.id - a.id);
  return async ({ from, backward, take }: WalkRequest): Promise<Row[]> => {
    const cursor = from ? ([Number(from[0]), Number(from[1])] as [number, number]) : undefined;
    const ordered = backward ? [...desc].reverse() : desc;
    return ordered.filter((r) => !cursor || (backward ? after(r, cursor) : before(r, cursor))).slice(0, take);
  };
}

const cursorOf = (r: Row) => key(r).map(String);
const page = (rows: Row[], seek: Seek, size = 3) => seekPage(seek, size, walker(rows), cursorOf);
const ids = (p: KeysetPage<Row>) => p.rows.map((r) => r.id);
const next = (p: KeysetPage<Row>): Seek => ({ kind: "after", cursor: decodeCursor(p.lastCursor, 2) ?? [] });
const previous = (p: KeysetPage<Row>): Seek => ({ kind: "before", cursor: decodeCursor(p.firstCursor, 2) ?? [] });

// Ten rows, several sharing a timestamp: ties must break by id.
const rows: Row[] = [
  { at: 5, id: 1 },
  { at: 5, id: 2 },
  { at: 5, id: 3 },
  { at: 5, id: 4 },
  { at: 4, id: 5 },
  { at: 9, id: 6 },
  { at: 9, id: 7 },
  { at: 1, id: 8 },
  { at: 5, id: 9 },
  { at: 2, id: 10 },
];
const expected = [7, 6, 9, 4, 3, 2, 1, 5, 10, 8];

describe("keyset paging", () => {
  it("walks forward through ties without losing or repeating a row, and back again", async () => {
    const seen: number[] = [];
    let current = await page(rows, { kind: "first" });
    expect(current.hasPrevious).toBe(false);
    seen.push(...ids(current));
    while (current.hasNext) {
      current = await page(rows, next(current));
      expect(current.hasPrevious).toBe(true);
      seen.push(...ids(current));
    }
    expect(seen).toEqual(expected);

    const back: number[][] = [ids(current)];
    while (current.hasPrevious) {
      current = await page(rows, previous(current));
      back.unshift(ids(current));
    }
    expect(back.flat().slice(0, 9)).toEqual(expected.slice(0, 9));
    expect(current.hasNext).toBe(true);
  });

  it("shows the oldest rows as the last page, and a whole first page when fewer rows precede the cursor", async () => {
    const last = await page(rows, { kind: "last" });
    expect(ids(last)).toEqual([5, 10, 8]);
    expect(last).toMatchObject({ hasNext: false, hasPrevious: true });
    // "Previous" from the second row: one row before it, so the first page instead.
    const fromSecond = await page(rows, { kind: "before", cursor: ["9", "6"] });
    expect(ids(fromSecond)).toEqual([7, 6, 9]);
    expect(fromSecond.hasPrevious).toBe(false);
  });

  it("stays put when rows arrive on top: the next page starts after the row seen last", async () => {
    const first = await page(rows, { kind: "first" });
    const newer = [...rows, { at: 99, id: 11 }, { at: 99, id: 12 }];
    expect(ids(await page(newer, next(first)))).toEqual([4, 3, 2]);
    // Going back from there shows the rows just before, and says there is more above.
    const back = await page(newer, { kind: "before", cursor: ["5", "4"] });
    expect(ids(back)).toEqual([7, 6, 9]);
    expect(back.hasPrevious).toBe(true);
  });

  it("shows the last page for a cursor past the end", async () => {
    const beyond = await page(rows, { kind: "after", cursor: ["0", "0"] });
    expect(ids(beyond)).toEqual([5, 10, 8]);
  });
});

describe("cursors", () => {
  it("round-trip values holding commas and percent signs", () => {
    const values = ["Acme, Inc. 100%", "%2C", "b1c2"];
    expect(decodeCursor(encodeCursor(values), 3)).toEqual(values);
    expect(encodeCursor(["2026-01-01T00:00:00.000Z", "42"])).toBe("2026-01-01T00:00:00.000Z,42");
  });

  it("refuse the wrong number of values, and read the URL's paging", () => {
    expect(decodeCursor("a,b,c", 2)).toBeUndefined();
    expect(decodeCursor(undefined, 2)).toBeUndefined();
    expect(seekFrom({ after: "a,b" }, 2)).toEqual({ kind: "after", cursor: ["a", "b"] });
    expect(seekFrom({ before: "a,b" }, 2)).toEqual({ kind: "before", cursor: ["a", "b"] });
    expect(seekFrom({ after: "junk", last: true }, 2)).toEqual({ kind: "last" });
    expect(seekFrom({}, 2)).toEqual({ kind: "first" });
  });

  it("say (k1, k2) < (v1, v2) as Prisma's OR of equal-then-beyond", () => {
    expect(
      seekWhere(
        [
          { field: "createdAt", value: "t" },
          { field: "id", value: 7 },
        ],
        "lt",
      ),
    ).toEqual({ OR: [{ createdAt: { lt: "t" } }, { createdAt: "t", id: { lt: 7 } }] });
  });
});
