import { describe, expect, it } from "vitest";
import { isValidSlug, newDatabaseName, normalizeSlug, SLUG_MAX, slugInput, slugProblem, suggestSlug } from "./slugs";

describe("slug rules", () => {
  it.each(["ab", "acme", "acme-2026", "a1-b2-c3", "x".repeat(SLUG_MAX)])("accepts %s", (slug) => {
    expect(slugProblem(slug)).toBeNull();
  });

  it("trims and lower-cases before checking", () => {
    expect(normalizeSlug("  Acme-Votes ")).toBe("acme-votes");
    expect(slugInput.parse("  Acme-Votes ")).toBe("acme-votes");
  });

  it.each([
    ["", /Enter a slug/],
    ["a", /at least 2/],
    ["x".repeat(SLUG_MAX + 1), /at most 57/],
    ["acme votes", /Spaces are not allowed/],
    ["-acme", /Start and end with a letter or digit/],
    ["acme-", /Start and end with a letter or digit/],
    ["ac--me", /single hyphens/],
    ["acme_votes", /only the letters a–z, digits and hyphens/],
    ["acme.org", /only the letters/],
    ["аcme", /no accents or look-alike/], // Cyrillic а
    ["ａｃｍｅ", /no accents or look-alike/], // full-width
    ["café", /no accents or look-alike/],
    ["acme';DROP-DATABASE", /only the letters/],
    ["acme'; DROP DATABASE x; --", /Spaces are not allowed/],
    ["acme`x", /only the letters/],
    ["<script>", /only the letters/],
    ["admin", /reserved/],
    ["API", /reserved/],
    ["setup-password", /reserved/],
    ["www", /reserved/],
    ["tenant", /reserved/],
  ])("refuses %j with a message the applicant can act on", (slug, message) => {
    expect(slugProblem(slug)).toMatch(message);
    expect(isValidSlug(slug)).toBe(false);
    expect(slugInput.safeParse(slug).success).toBe(false);
  });

  it("builds the database name from a valid slug only, within 64 characters", () => {
    expect(newDatabaseName("acme-votes")).toBe("tenant_acme_votes");
    expect(newDatabaseName("x".repeat(SLUG_MAX))).toHaveLength(64);
    expect(() => newDatabaseName("Acme")).toThrow(/not normalized/);
    expect(() => newDatabaseName("a`; drop")).toThrow(/Invalid slug/);
  });

  it.each([
    ["Acme Votes", "acme-votes"],
    ["  Café Zürich e.V. ", "cafe-zurich-e-v"],
    ["Admin", "admin-org"],
    ["!!!", ""],
    ["Ü", ""],
    [
      "The Very Long Name of an Organization That Runs Many Elections Every Single Year",
      expect.stringMatching(/^the-very-long-name-of-an-organization-that-runs-many$/),
    ],
  ])("suggests a slug for %j", (name, slug) => {
    const suggested = suggestSlug(name);
    expect(suggested).toEqual(slug);
    if (suggested) expect(isValidSlug(suggested)).toBe(true);
  });
});
