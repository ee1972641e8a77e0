import { describe, expect, it } from "vitest";
import { newReference, parseReference } from "./reference";

describe("application references", () => {
  it("look like APP-XXXX-XXXX without ambiguous characters and fit the column", () => {
    for (let i = 0; i < 500; i++) {
      const reference = newReference();
      expect(reference).toMatch(/^APP-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
      expect(reference.length).toBeLessThanOrEqual(16);
    }
  });

  it("are random enough not to repeat in a few thousand draws", () => {
    const seen = new Set(Array.from({ length: 5000 }, newReference));
    expect(seen.size).toBe(5000);
  });

  it("parse as people type them", () => {
    const reference = newReference();
    expect(parseReference(reference)).toBe(reference);
    expect(parseReference(` ${reference.toLowerCase()} `)).toBe(reference);
    expect(parseReference(reference.replaceAll("-", ""))).toBe(reference);
    expect(parseReference("APP-0000-0000")).toBeNull();
    expect(parseReference("acme")).toBeNull();
    expect(parseReference("")).toBeNull();
  });
});
