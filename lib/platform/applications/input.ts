// The one schema for an application: react-hook-form's resolver uses it in
// the browser and the submit action parses with it again on the server.
// Limits match the tenant_applications columns, so nothing is cut off.
import { z } from "zod";
import { slugInput } from "../slugs";
import { isCountryCode } from "./countries";

export const ORGANIZATION_TYPES = [
  { value: "association", label: "Association or club" },
  { value: "trade_union", label: "Trade union" },
  { value: "political_party", label: "Political party" },
  { value: "student_body", label: "Student body or school" },
  { value: "cooperative", label: "Cooperative" },
  { value: "company", label: "Company" },
  { value: "nonprofit", label: "Non-profit or NGO" },
  { value: "public_body", label: "Public body or municipality" },
  { value: "other", label: "Other" },
] as const;

export type OrganizationType = (typeof ORGANIZATION_TYPES)[number]["value"];

export const NOTE_MAX = 2000;
export const VOTERS_MAX = 10_000_000;

// Control characters (other than line breaks and tabs in the note) and bidi
// overrides have no place in a name: they only garble what people and emails show.
const BIDI = "\u202a-\u202e\u2066-\u2069";
const CONTROL_IN_NOTE = new RegExp(`[^\\P{Cc}\\t\\n\\r]|[${BIDI}]`, "u");
const CONTROL_IN_LINE = new RegExp(`\\p{Cc}|[${BIDI}]`, "u");

function text(label: string, max: number, min = 1) {
  return z
    .string({ error: `Enter the ${label}.` })
    .transform((value) => value.normalize("NFC").trim())
    .pipe(
      z
        .string()
        .min(1, { error: `Enter the ${label}.`, abort: true })
        .min(min, `The ${label} needs at least ${min} characters.`)
        .max(max, `The ${label} can have at most ${max} characters.`)
        .refine((value) => !CONTROL_IN_LINE.test(value), `The ${label} contains characters that are not allowed.`),
    );
}

const organizationTypes = ORGANIZATION_TYPES.map((t) => t.value) as [OrganizationType, ...OrganizationType[]];

export const applicationInput = z.object({
  organizationName: text("organization name", 255, 2),
  requestedSlug: slugInput,
  contactFirstName: text("first name", 100),
  contactLastName: text("last name", 100),
  contactEmail: z
    .string({ error: "Enter an email address." })
    .trim()
    .toLowerCase()
    .pipe(
      z
        .string()
        .min(1, "Enter an email address.")
        .max(255, "The email address can have at most 255 characters.")
        .pipe(z.email("Enter a valid email address, like name@example.org.")),
    ),
  organizationType: z.enum(organizationTypes, { error: "Choose the type of organization." }),
  country: z
    .string({ error: "Choose a country." })
    .trim()
    .toUpperCase()
    .refine(isCountryCode, "Choose a country from the list."),
  expectedVoters: z
    .number({ error: "Enter the expected number of voters as a whole number." })
    .int("Enter the expected number of voters as a whole number.")
    .min(1, "Expect at least 1 voter.")
    .max(VOTERS_MAX, `We handle up to ${VOTERS_MAX.toLocaleString("en")} voters per organization.`),
  note: z
    .string()
    .transform((value) => value.normalize("NFC").trim())
    .pipe(
      z
        .string()
        .max(NOTE_MAX, `The note can have at most ${NOTE_MAX} characters.`)
        .refine((value) => !CONTROL_IN_NOTE.test(value), "The note contains characters that are not allowed."),
    )
    .optional()
    .transform((value) => value || undefined),
});

export type ApplicationInput = z.output<typeof applicationInput>;
export type ApplicationFormValues = z.input<typeof applicationInput>;

export function organizationTypeLabel(value: string): string {
  return ORGANIZATION_TYPES.find((t) => t.value === value)?.label ?? value;
}
