// The server-side check behind every page, route handler and Server Action
// under /{slug}. The tenant comes from the route and from the session, and the
// two must agree; the session's row in that tenant's database must be live and
// its user active. The proxy never decides any of this.
import "server-only";
import { cache } from "react";
import { tenantClient } from "../db/tenant-clients";
import { AppError } from "../errors";
import { normalizeSlug } from "../platform/slugs";
import { maintenanceNotice } from "../tenant-auth/maintenance";
import { findLiveSession, type TenantSessionUser } from "../tenant-auth/sessions";
import { MAINTENANCE_SIGN_IN } from "../tenant-auth/sign-in-messages";
import { findOpenTenant } from "../tenant-auth/tenants";
import { currentSession, type PortalSession } from "./session";

export interface TenantRequest extends TenantSessionUser {
  session: PortalSession;
}

const SIGN_IN = "Sign in to this organization's space to do this.";

// Once per request: a page and its layout both ask, and React's cache() shares
// the answer within one server render (outside a render it simply runs again).
const resolveTenantRequest = cache(async (routeSlug: string): Promise<TenantRequest> => {
  const session = await currentSession();
  if (session?.realm !== "tenant" || !session.sessionId || !session.tenantSlug) {
    throw new AppError("UNAUTHORIZED", SIGN_IN);
  }
  if (session.tenantSlug !== routeSlug) throw new AppError("UNAUTHORIZED", SIGN_IN, { otherTenant: true });
  const tenant = await findOpenTenant(routeSlug);
  if (!tenant) throw new AppError("UNAUTHORIZED", SIGN_IN);
  // In maintenance the session stays (it works again afterwards), but nothing runs meanwhile.
  const maintenance = await maintenanceNotice(tenant.id);
  if (maintenance) {
    throw new AppError(
      "UNAVAILABLE",
      maintenance.message ? `${MAINTENANCE_SIGN_IN} ${maintenance.message}` : MAINTENANCE_SIGN_IN,
      {
        maintenance: true,
        retryAfterSeconds: maintenance.retryAfterSeconds,
      },
    );
  }
  const db = tenantClient(tenant);
  // The row is looked up in this tenant's database: another tenant's session id is simply not there.
  const live = await findLiveSession(db, session.sessionId, session.userId);
  if (live?.user.status !== "active" || live.user.deletedAt) {
    throw new AppError("UNAUTHORIZED", "Your session has ended. Sign in again.");
  }
  return { session, tenant, user: live.user, sessionId: session.sessionId, db };
});

/**
 * The signed-in tenant user for /{slug}, or UNAUTHORIZED (no tenant session,
 * another tenant's, ended, user no longer active, tenant closed) / FORBIDDEN
 * (the password must be changed first, unless `allowPendingPasswordChange`) /
 * UNAVAILABLE with `details.maintenance` (the space is in maintenance).
 */
export async function requireTenantSession(
  slug: string,
  options: { allowPendingPasswordChange?: boolean } = {},
): Promise<TenantRequest> {
  const request = await resolveTenantRequest(normalizeSlug(slug));
  if (request.user.mustChangePassword && !options.allowPendingPasswordChange) {
    throw new AppError("FORBIDDEN", "Change your password before doing anything else.", { mustChangePassword: true });
  }
  return request;
}
