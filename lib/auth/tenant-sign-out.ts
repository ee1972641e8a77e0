// Signing out of a tenant: the cookie is cleared by next-auth; this ends the
// session row as well, so a copy of the JWT kept elsewhere stops working too.
import "server-only";
import type { JWT } from "next-auth/jwt";
import { tenantClient } from "../db/tenant-clients";
import { audit } from "../platform/audit";
import { isValidSlug } from "../platform/slugs";
import { requestInfo } from "../request";
import { revokeSession } from "../tenant-auth/sessions";
import { findTenantBySlug } from "../tenant-auth/tenants";

export async function signOutTenantSession(token: Pick<JWT, "tenantSlug" | "sessionId" | "sub" | "email">) {
  const { tenantSlug, sessionId } = token;
  if (!tenantSlug || !sessionId || !isValidSlug(tenantSlug)) return;
  try {
    const tenant = await findTenantBySlug(tenantSlug);
    if (!tenant) return;
    await revokeSession(tenantClient(tenant), sessionId);
    const request = await requestInfo();
    await audit({
      actor: { type: "tenant_user", id: token.sub, label: token.email ?? undefined, ...request },
      action: "auth.signed_out",
      tenantId: tenant.id,
      context: { slug: tenant.slug, sessionId },
    });
  } catch (error) {
    // The cookie is gone either way; a row left open still dies with the JWT.
    console.error("[auth] could not end the tenant session row", error);
  }
}
