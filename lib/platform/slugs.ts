// The slug rules, one place: the apply form, the server, the workflow and the
// command line all call these. A slug names the tenant's address (/{slug}) and
// its database (tenant_{slug with - as _}).
import { z } from "zod";
import { DATABASE_PREFIX } from "../db/identifiers";

export const SLUG_MIN = 2;
// `tenant_` + the slug must fit MySQL's 64-character identifier limit.
export const SLUG_MAX = 64 - DATABASE_PREFIX.length;

// Every top-level route of the app, and names that would confuse people or systems.
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "admin",
  "api",
  "apply",
  "setup-password",
  "login",
  "logout",
  "signin",
  "signout",
  "signup",
  "register",
  "change-password",
  "reset-password",
  "forgot-password",
  "auth",
  "health",
  "inngest",
  "www",
  "mail",
  "email",
  "smtp",
  "tenant",
  "tenants",
  "platform",
  "landlord",
  "app",
  "apps",
  "static",
  "public",
  "assets",
  "images",
  "favicon-ico",
  "robots-txt",
  "sitemap-xml",
  "next",
  "dashboard",
  "console",
  "settings",
  "account",
  "billing",
  "support",
  "help",
  "status",
  "docs",
  "blog",
  "about",
  "terms",
  "privacy",
  "security",
  "root",
  "system",
  "null",
  "undefined",
  "election",
  "elections",
  "vote",
  "voting",
  "test",
  "demo",
  "example",
]);

const SHAPE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Trims and lower-cases as the rules say, before any check. */
export function normalizeSlug(input: string): string {
  return input.trim().toLowerCase();
}

/** The first rule a slug breaks, as a sentence for the applicant; null when it is valid. */
export function slugProblem(input: string): string | null {
  const slug = normalizeSlug(input);
  if (slug.length === 0) return "Enter a slug for your organization's address.";
  if (/[^\x20-\x7e]/.test(slug))
    return "Use only the letters a–z, digits and hyphens (no accents or look-alike characters).";
  if (/\s/.test(slug)) return "Spaces are not allowed; use hyphens between words.";
  if (/[^a-z0-9-]/.test(slug)) return "Use only the letters a–z, digits and hyphens.";
  if (slug.length < SLUG_MIN) return `Use at least ${SLUG_MIN} characters.`;
  if (slug.length > SLUG_MAX) return `Use at most ${SLUG_MAX} characters.`;
  if (slug.startsWith("-") || slug.endsWith("-")) return "Start and end with a letter or digit, not a hyphen.";
  if (slug.includes("--")) return "Use single hyphens only (no '--').";
  if (!SHAPE.test(slug)) return "Use only the letters a–z, digits and single hyphens.";
  if (RESERVED_SLUGS.has(slug)) return `"${slug}" is reserved; choose another.`;
  return null;
}

export function isValidSlug(input: string): boolean {
  return slugProblem(input) === null;
}

/** The zod schema for a slug field: normalizes, then applies every rule. */
export const slugInput = z
  .string({ error: "Enter a slug for your organization's address." })
  .max(200, "That is far too long for a slug.")
  .transform(normalizeSlug)
  .superRefine((slug, ctx) => {
    const problem = slugProblem(slug);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/**
 * The name a new tenant's database gets, from its slug (used once, when the
 * tenant row is made; afterwards the row's database_name is the source).
 * Throws for an invalid slug: nothing else reaches SQL.
 */
export function newDatabaseName(slug: string): string {
  const problem = slugProblem(slug);
  if (problem || slug !== normalizeSlug(slug))
    throw new Error(`Invalid slug "${slug}": ${problem ?? "not normalized"}`);
  return DATABASE_PREFIX + slug.replaceAll("-", "_");
}

/** A valid slug suggested from an organization's name ("Café Zürich e.V." → "cafe-zurich-e-v"). */
export function suggestSlug(name: string): string {
  let slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (slug.length > SLUG_MAX)
    slug =
      slug
        .slice(0, SLUG_MAX)
        .replace(/-[^-]*$/, "")
        .replace(/-+$/, "") || slug.slice(0, SLUG_MAX);
  if (slug.length < SLUG_MIN) return "";
  if (RESERVED_SLUGS.has(slug)) slug = `${slug}-org`;
  return isValidSlug(slug) ? slug : "";
}
