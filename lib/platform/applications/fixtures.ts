// A valid application as a browser would send it, for tests and local seeding.
import type { ApplicationFormValues } from "./input";

export function sampleApplication(overrides: Partial<ApplicationFormValues> = {}): ApplicationFormValues {
  return {
    organizationName: "  Students' Union of Example  ",
    requestedSlug: " Example-SU ",
    contactFirstName: " Ada ",
    contactLastName: "Lovelace",
    contactEmail: "  Ada.Lovelace@Example.ORG ",
    organizationType: "student_body",
    country: "de",
    expectedVoters: 1200,
    note: "  We vote twice a year.  ",
    ...overrides,
  };
}
