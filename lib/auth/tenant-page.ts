// The page-side form of requireTenantSession: instead of an error, a person is
// sent where they can go on (the tenant's sign-in page, or the forced password
// change, or a page saying their role cannot open this one). Every page under
// /{slug} except the sign-in page starts with this; `permission` is checked in
// the tenant's database (lib/tenant-auth/permissions.ts), and the user's
// permissions come back with the session so the page can hide what they cannot do.
import "server-only";
import { notFound, redirect } from "next/navigation";
import { isAppError } from "../errors";
import { normalizeSlug, slugProblem } from "../platform/slugs";
import { permissionsOf, type TenantPermission } from "../tenant-auth/permissions";
import { requireTenantSession, type TenantRequest } from "./tenant";

export interface TenantPageRequest extends TenantRequest {
  permissions: ReadonlySet<TenantPermission>;
}

export async function tenantPage(
  rawSlug: string,
  options: { passwordChangePage?: boolean; permission?: TenantPermission } = {},
): Promise<TenantPageRequest> {
  const slug = normalizeSlug(rawSlug);
  if (slugProblem(slug)) notFound();
  let request: TenantRequest;
  try {
    request = await requireTenantSession(slug, { allowPendingPasswordChange: true });
  } catch (error) {
    if (isAppError(error, "UNAUTHORIZED") || isAppError(error, "FORBIDDEN")) redirect(`/${slug}/login`);
    // In maintenance: the proxy sends pages there first; this catches a request that slipped past its short cache.
    if (isAppError(error, "UNAVAILABLE") && error.details?.maintenance) redirect(`/${slug}/maintenance`);
    throw error;
  }
  if (request.user.mustChangePassword && !options.passwordChangePage) redirect(`/${slug}/change-password`);
  const permissions = await permissionsOf(request.db, request.user.id);
  if (options.permission && !permissions.has(options.permission)) {
    redirect(`/${slug}/forbidden?need=${options.permission}`);
  }
  return { ...request, permissions };
}
