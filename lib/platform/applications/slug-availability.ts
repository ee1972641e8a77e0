// Is a slug free? The rules first (lib/platform/slugs.ts), then the database:
// a tenant holds its slug even when soft-deleted, and an application holds it
// in every status but rejected, expired and closed (tenant_applications.active_slug). The unique
// indexes on those columns are the real guard; this check gives the applicant
// the answer before they submit.
import "server-only";
import { type LandlordTx, landlord } from "../../db/landlord";
import type { RequestInfo } from "../../request";
import { normalizeSlug, slugProblem } from "../slugs";
import { enforceSlugCheckLimit } from "./apply-limits";

export type SlugAvailability =
  | { slug: string; available: true }
  | { slug: string; available: false; reason: "invalid" | "taken"; message: string };

export const SLUG_TAKEN = "That address is already taken. Choose another slug.";

type Reader = Pick<LandlordTx, "tenant" | "tenantApplication">;

/** True when a tenant (soft-deleted too) or an active application holds the slug. Expects a valid slug. */
export async function isSlugTaken(slug: string, db: Reader = landlord()): Promise<boolean> {
  const [tenant, application] = await Promise.all([
    db.tenant.findUnique({ where: { slug }, select: { id: true } }),
    db.tenantApplication.findUnique({ where: { activeSlug: slug }, select: { id: true } }),
  ]);
  return Boolean(tenant || application);
}

export async function checkSlugAvailability(input: string, db: Reader = landlord()): Promise<SlugAvailability> {
  const slug = normalizeSlug(input);
  const problem = slugProblem(slug);
  if (problem) return { slug, available: false, reason: "invalid", message: problem };
  if (await isSlugTaken(slug, db)) return { slug, available: false, reason: "taken", message: SLUG_TAKEN };
  return { slug, available: true };
}

/** The apply form's check as the visitor types: bounded per client address (SLUG_CHECKS_PER_IP a minute). */
export async function checkSlugForVisitor(input: string, request: RequestInfo): Promise<SlugAvailability> {
  await enforceSlugCheckLimit(request.ip);
  return checkSlugAvailability(input);
}
