// Next 16's proxy (formerly middleware). Convenience only: it canonicalizes
// addresses, adds headers, and sends a space in maintenance to its maintenance
// page. It never authorizes: every page, route handler and Server Action checks
// the session on the server (lib/auth/tenant.ts, lib/auth/session.ts), so
// nothing here can be relied on, or bypassed, for access.
import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/lib/env";
import { RESERVED_SLUGS, slugProblem } from "@/lib/platform/slugs";
import { isSecretAddress, newNonce, securityHeaders } from "@/lib/security-headers";
import { MAINTENANCE_REWRITE_HEADER, maintenanceHeld } from "@/lib/tenant-auth/maintenance";

export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const first = pathname.split("/")[1] ?? "";

  // /Acme/login → /acme/login: slugs are lower-case, and one address per tenant keeps links and cookies simple.
  const lower = first.toLowerCase();
  if (first !== lower && !RESERVED_SLUGS.has(lower) && !slugProblem(lower)) {
    const url = request.nextUrl.clone();
    url.pathname = `/${lower}${pathname.slice(first.length + 1)}`;
    return NextResponse.redirect(url, 308);
  }

  // A nonce per request. Next reads the policy from the *request* headers and
  // puts its nonce on its own scripts; the browser enforces the response's.
  // Every page is rendered per request (app/layout.tsx), so none is served
  // with scripts that carry no nonce.
  const nonce = newNonce();
  const { production, NODE_ENV } = env();
  const headers = securityHeaders({ nonce, production, development: NODE_ENV === "development", pathname });
  const csp = headers["Content-Security-Policy"];
  const forwarded = new Headers(request.headers);
  forwarded.set("Content-Security-Policy", csp);
  forwarded.set("x-nonce", nonce); // for a page that renders a <Script nonce={...}> of its own

  // A page cannot set its own status: a space in maintenance is served by its
  // route handler instead, which answers 503 with Retry-After. Navigations only:
  // a Server Action reaches requireTenantSession, which refuses it with a message.
  const maintenance =
    (request.method === "GET" || request.method === "HEAD") &&
    !RESERVED_SLUGS.has(first) &&
    !slugProblem(first) &&
    maintenanceHeld(first);
  if (maintenance) forwarded.set(MAINTENANCE_REWRITE_HEADER, "1");
  else forwarded.delete(MAINTENANCE_REWRITE_HEADER);
  const response = maintenance
    ? NextResponse.rewrite(new URL(`/${first}/maintenance`, request.url), { request: { headers: forwarded } })
    : NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  // The setup token is in the address: keep it out of caches (and, above, out of Referer headers).
  if (isSecretAddress(pathname)) response.headers.set("Cache-Control", "no-store");
  return response;
}

export const config = {
  // Every page: everything but the API and Next's own files (next.config.ts
  // gives those the static headers). Paths with a dot are pages too (there are
  // no public files; /x.php is a 404 page), so they are not skipped by extension.
  matcher: ["/((?!api/|_next/).*)"],
};
