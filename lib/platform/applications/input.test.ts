import { describe, expect, it } from "vitest";
import { countryOptions } from "./countries";
import { sampleApplication } from "./fixtures";
import { applicationInput, NOTE_MAX, VOTERS_MAX } from "./input";

const validApplication = sampleApplication();

function errorsFor(input: unknown): Record<string, string> {
  const result = applicationInput.safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
}

describe("applicationInput", () => {
  it("trims every field, lower-cases the email and slug, upper-cases the country", () => {
    expect(applicationInput.parse(validApplication)).toEqual({
      organizationName: "Students' Union of Example",
      requestedSlug: "example-su",
      contactFirstName: "Ada",
      contactLastName: "Lovelace",
      contactEmail: "ada.lovelace@example.org",
      organizationType: "student_body",
      country: "DE",
      expectedVoters: 1200,
      note: "We vote twice a year.",
    });
  });

  it("accepts its own output again (the server parses what the browser parsed)", () => {
    const once = applicationInput.parse(validApplication);
    expect(applicationInput.parse(once)).toEqual(once);
  });

  it("treats a blank note as no note", () => {
    expect(applicationInput.parse({ ...validApplication, note: "   " }).note).toBeUndefined();
    expect(applicationInput.parse({ ...validApplication, note: undefined }).note).toBeUndefined();
  });

  it("keeps SQL and HTML in text fields verbatim: they are data, escaped wherever shown", () => {
    const nasty = {
      ...validApplication,
      organizationName: `Robert'); DROP TABLE tenants;-- <script>alert(1)</script>`,
      contactFirstName: `<img src=x onerror=alert(1)>`,
      contactLastName: `O'Brien" OR 1=1 --`,
      note: `</textarea><b>bold</b>\n'; DELETE FROM users; --`,
    };
    const parsed = applicationInput.parse(nasty);
    expect(parsed.organizationName).toBe(nasty.organizationName);
    expect(parsed.contactFirstName).toBe(nasty.contactFirstName);
    expect(parsed.contactLastName).toBe(nasty.contactLastName);
    expect(parsed.note).toBe(nasty.note);
  });

  it("refuses a malformed email with a clear message", () => {
    for (const contactEmail of ["", "ada", "ada@", "@example.org", "ada@example", "a da@example.org", "<a>@x.org"]) {
      expect(errorsFor({ ...validApplication, contactEmail }).contactEmail).toMatch(/email address/);
    }
  });

  it("refuses every slug rule with the rule's own sentence", () => {
    const cases: [string, RegExp][] = [
      ["", /Enter a slug/],
      ["a", /at least 2/],
      ["acme corp", /Spaces are not allowed/],
      ["-acme", /Start and end/],
      ["acme-", /Start and end/],
      ["ac--me", /single hyphens/],
      ["acme_corp", /letters a–z, digits and hyphens/],
      ["admin", /reserved/],
      ["APPLY", /reserved/],
      ["аcme", /look-alike/], // Cyrillic а
      ["acme';DROP-TABLE-tenants;--", /letters a–z, digits and hyphens/],
      ["acme' OR 1=1", /Spaces are not allowed/],
      ["<script>", /letters a–z, digits and hyphens/],
      ["a".repeat(58), /at most 57/],
    ];
    for (const [requestedSlug, message] of cases) {
      expect(errorsFor({ ...validApplication, requestedSlug }).requestedSlug, requestedSlug).toMatch(message);
    }
  });

  it("refuses over-long fields at the column's length", () => {
    expect(errorsFor({ ...validApplication, organizationName: "x".repeat(256) }).organizationName).toMatch(
      /at most 255/,
    );
    expect(errorsFor({ ...validApplication, contactFirstName: "x".repeat(101) }).contactFirstName).toMatch(
      /at most 100/,
    );
    expect(errorsFor({ ...validApplication, contactLastName: "x".repeat(101) }).contactLastName).toMatch(/at most 100/);
    expect(errorsFor({ ...validApplication, note: "x".repeat(NOTE_MAX + 1) }).note).toMatch(/at most 2000/);
    expect(errorsFor({ ...validApplication, note: "x".repeat(NOTE_MAX) })).toEqual({});
    const longEmail = `${"a".repeat(250)}@example.org`;
    expect(errorsFor({ ...validApplication, contactEmail: longEmail }).contactEmail).toMatch(/at most 255/);
  });

  it("refuses blank names and control or bidi-override characters", () => {
    expect(errorsFor({ ...validApplication, organizationName: "   " }).organizationName).toMatch(/Enter the/);
    expect(errorsFor({ ...validApplication, organizationName: "A" }).organizationName).toMatch(/at least 2/);
    expect(errorsFor({ ...validApplication, contactFirstName: "Ada\u0000" }).contactFirstName).toMatch(/not allowed/);
    expect(errorsFor({ ...validApplication, contactLastName: "Ada\nEvil" }).contactLastName).toMatch(/not allowed/);
    expect(errorsFor({ ...validApplication, organizationName: "Acme \u202egnp.exe" }).organizationName).toMatch(
      /not allowed/,
    );
    expect(errorsFor({ ...validApplication, note: "line one\r\n\tline two" })).toEqual({});
    expect(errorsFor({ ...validApplication, note: "bell\u0007" }).note).toMatch(/not allowed/);
  });

  it("takes the organization type and country only from their lists", () => {
    expect(errorsFor({ ...validApplication, organizationType: "cult" }).organizationType).toMatch(/Choose the type/);
    expect(errorsFor({ ...validApplication, country: "XX" }).country).toMatch(/Choose a country/);
    expect(errorsFor({ ...validApplication, country: "Germany" }).country).toMatch(/Choose a country/);
    expect(countryOptions()).toHaveLength(249);
    expect(countryOptions().find((c) => c.value === "DE")?.label).toBe("Germany");
  });

  it("wants a whole number of voters between 1 and 10 million", () => {
    for (const expectedVoters of [0, -5, 1.5, Number.NaN, VOTERS_MAX + 1, "12"]) {
      expect(errorsFor({ ...validApplication, expectedVoters }).expectedVoters, String(expectedVoters)).toBeDefined();
    }
    expect(errorsFor({ ...validApplication, expectedVoters: VOTERS_MAX })).toEqual({});
    expect(errorsFor({ ...validApplication, expectedVoters: 1 })).toEqual({});
  });

  it("names every missing field", () => {
    expect(Object.keys(errorsFor({})).sort()).toEqual(
      [
        "contactEmail",
        "contactFirstName",
        "contactLastName",
        "country",
        "expectedVoters",
        "organizationName",
        "organizationType",
        "requestedSlug",
      ].sort(),
    );
  });
});
