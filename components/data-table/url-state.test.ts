import { describe, expect, it } from "vitest";
import { nextSearch } from "./url-state";

describe("nextSearch", () => {
  it("sets, replaces and removes parameters", () => {
    expect(nextSearch("", { q: "acme" })).toBe("?q=acme");
    expect(nextSearch("q=acme&status=pending", { q: null })).toBe("?status=pending");
    expect(nextSearch("q=acme", { q: "" })).toBe("");
    expect(nextSearch("q=acme", { sort: "organizationName", dir: "asc" })).toBe(
      "?dir=asc&q=acme&sort=organizationName",
    );
  });

  it("goes back to page 1 whenever anything but the page changes", () => {
    expect(nextSearch("page=7&q=acme", { q: "acm" })).toBe("?q=acm");
    expect(nextSearch("page=7&status=pending", { status: "approved" })).toBe("?status=approved");
    expect(nextSearch("page=7", { page: 8 })).toBe("?page=8");
    expect(nextSearch("page=7", { page: 1 })).toBe("");
  });

  it("drops a keyset cursor whenever anything but the cursor changes", () => {
    const cursor = "2026-01-01T00:00:00.000Z,5f0c";
    expect(nextSearch(`after=${cursor}&status=pending`, { status: "approved" })).toBe("?status=approved");
    expect(nextSearch(`before=${cursor}&q=acme`, { pageSize: 50 })).toBe("?pageSize=50&q=acme");
    expect(nextSearch("last=1&sort=status", { sort: "createdAt" })).toBe("?sort=createdAt");
    expect(nextSearch(`after=${cursor}`, { after: null, before: cursor })).toBe(
      `?before=${encodeURIComponent(cursor)}`,
    );
  });

  it("leaves defaults out of the URL", () => {
    const defaults = { sort: "createdAt", dir: "desc", pageSize: 25 };
    expect(nextSearch("sort=name&dir=asc", { sort: "createdAt", dir: "desc" }, defaults)).toBe("");
    expect(nextSearch("", { pageSize: 25 }, defaults)).toBe("");
    expect(nextSearch("", { pageSize: 50 }, defaults)).toBe("?pageSize=50");
  });

  it("encodes what people type", () => {
    expect(nextSearch("", { q: "a&b=c #1" })).toBe("?q=a%26b%3Dc+%231");
  });
});
