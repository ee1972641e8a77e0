// The page-side form of requireTenantSession: instead of an error, a person is
// sent where they can go on (the tenant's sign-in page, or the forced password
// change). Every page under /{slug} except the sign-in page starts with this.
import "server-only";
import { notFound, redirect } from "next/navigation";
import { isAppError } from "../errors";
import { normalizeSlug, slugProblem } from "../platform/slugs";
import { requireTenantSession, type TenantRequest } from "./tenant";

export async function tenantPage(
  rawSlug: string,
  options: { passwordChangePage?: boolean } = {},
): Promise<TenantRequest> {
  const slug = normalizeSlug(rawSlug);
  if (slugProblem(slug)) notFound();
  let request: TenantRequest;
  try {
    request = await requireTenantSession(slug, { allowPendingPasswordChange: true });
  } catch (error) {
    if (isAppError(error, "UNAUTHORIZED") || isAppError(error, "FORBIDDEN")) redirect(`/${slug}/login`);
    throw error;
  }
  if (request.user.mustChangePassword && !options.passwordChangePage) redirect(`/${slug}/change-password`);
  return request;
}
