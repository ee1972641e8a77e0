// The command line's output pieces: tables, sizes, the progress bar.
import { describe, expect, it } from "vitest";
import { captureIo } from "@/scripts/lib/cli/capture";
import { formatBytes, formatDate, plural, printJson, table } from "@/scripts/lib/cli/output";
import { progress } from "@/scripts/lib/cli/progress";

describe("table", () => {
  it("aligns every column under its header, numbers to the right", () => {
    const lines = table(
      [
        { header: "SLUG", value: (r: { slug: string; n: number }) => r.slug },
        { header: "N", value: (r) => String(r.n), align: "right" },
        { header: "NOTE", value: () => "" },
      ],
      [
        { slug: "a", n: 1000 },
        { slug: "longer-slug", n: 7 },
      ],
    );
    expect(lines).toEqual(["SLUG            N  NOTE", "a            1000", "longer-slug     7"]);
  });
});

describe("formatting", () => {
  it("writes sizes in binary units", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(16384)).toBe("16.0 KiB");
    expect(formatBytes(5 * 1024 * 1024 + 512 * 1024)).toBe("5.5 MiB");
  });

  it("writes dates in UTC to the minute, counts with their noun", () => {
    expect(formatDate(new Date("2026-11-27T13:02:09.123Z"))).toBe("2026-11-27 13:02");
    expect(plural(1, "tenant")).toBe("1 tenant");
    expect(plural(3, "tenant")).toBe("3 tenants");
    expect(plural(2, "slug is", "slugs are")).toBe("2 slugs are");
  });

  it("prints BigInt in JSON as a string", () => {
    const out = captureIo();
    printJson(out.io.stdout, { id: 12n, at: new Date("2026-01-01T00:00:00Z") });
    expect(JSON.parse(out.stdout())).toEqual({ id: "12", at: "2026-01-01T00:00:00.000Z" });
  });
});

describe("progress", () => {
  it("prints one plain line per item when not on a terminal", () => {
    const out = captureIo({ tty: false });
    const bar = progress(out.io.stdout, 12, "tenants");
    bar.tick("a: up to date");
    bar.tick("b: applied 001_x");
    bar.done();
    expect(out.stdout()).toBe("[ 1/12] a: up to date\n[ 2/12] b: applied 001_x\n");
    expect(out.stdout()).not.toContain("\r");
  });

  it("rewrites one line in place on a terminal and clears it at the end", () => {
    const out = captureIo({ tty: true, columns: 60 });
    const bar = progress(out.io.stdout, 4, "tenants");
    bar.tick("a");
    bar.tick("b");
    bar.done();
    const frames = out
      .stdout()
      .split("\r")
      .filter((f) => f.trim() !== "");
    expect(frames).toHaveLength(3); // 0/4, 1/4, 2/4
    expect(frames[0]).toContain("0/4 tenants");
    expect(frames[2]).toMatch(/^\[#+-+\] 2\/4 tenants/);
    expect(frames.every((f) => f.length === 59)).toBe(true);
    expect(out.stdout()).not.toContain("\n");
    expect(out.stdout().endsWith("\r")).toBe(true);
  });
});
