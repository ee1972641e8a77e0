import { describe, expect, it } from "vitest";
import { keysetLinks } from "./keyset-pager";

const current = new URLSearchParams("status=pending&q=acme&after=old%2C1");

describe("keysetLinks", () => {
  it("links a middle page every way, keeping the filters and dropping the old cursor", () => {
    const links = keysetLinks("/admin/applications", current, {
      hasPrevious: true,
      hasNext: true,
      firstCursor: "2026-01-02T00:00:00.000Z,b",
      lastCursor: "2026-01-01T00:00:00.000Z,a",
    });
    expect(links).toEqual({
      first: "/admin/applications?q=acme&status=pending",
      previous: "/admin/applications?before=2026-01-02T00%3A00%3A00.000Z%2Cb&q=acme&status=pending",
      next: "/admin/applications?after=2026-01-01T00%3A00%3A00.000Z%2Ca&q=acme&status=pending",
      last: "/admin/applications?last=1&q=acme&status=pending",
    });
  });

  it("offers nothing backward from the first page and nothing forward from the last", () => {
    const only = { hasPrevious: false, hasNext: false, firstCursor: "x,1", lastCursor: "y,2" };
    expect(keysetLinks("/admin/audit", new URLSearchParams(), only)).toEqual({
      first: undefined,
      previous: undefined,
      next: undefined,
      last: undefined,
    });
  });
});
