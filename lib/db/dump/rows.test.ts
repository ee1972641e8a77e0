import { describe, expect, it } from "vitest";
import { SqlBuffer } from "./rows";

function quoted(bytes: Buffer): string {
  const out = new SqlBuffer();
  out.quoted(bytes);
  return out.take().toString("latin1");
}

describe("SqlBuffer", () => {
  it("quotes text with MariaDB's escapes, leaving no raw newline inside a value", () => {
    expect(quoted(Buffer.from("plain"))).toBe("'plain'");
    expect(quoted(Buffer.from('it\'s "q" \\ a;\nb\r\0c\x1a'))).toBe(`'it\\'s \\"q\\" \\\\ a;\\nb\\r\\0c\\Z'`);
    expect(quoted(Buffer.alloc(0))).toBe("''");
  });

  it("copies UTF-8 bytes through untouched", () => {
    const out = new SqlBuffer();
    out.quoted(Buffer.from("✓ 🗳️ café"));
    expect(out.take().toString("utf8")).toBe("'✓ 🗳️ café'");
  });

  it("writes bytes as hex and grows past its first buffer", () => {
    const out = new SqlBuffer();
    out.hex(Buffer.from([0, 10, 255]));
    expect(out.take().toString()).toBe("X'000aff'");
    const big = Buffer.alloc(3 * 1024 * 1024, 0x61);
    out.quoted(big);
    const taken = out.take();
    expect(taken.length).toBe(big.length + 2);
    expect(out.length).toBe(0);
  });
});
