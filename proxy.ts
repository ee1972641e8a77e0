// Next 16's proxy (formerly middleware). Convenience only: it canonicalizes
// addresses and adds headers. It never authorizes: every page, route handler
// and Server Action checks the session on the server (lib/auth/tenant.ts,
// lib/auth/session.ts), so nothing here can be relied on, or bypassed, for access.
import { type NextRequest, NextResponse } from "next/server";
import { RESERVED_SLUGS, slugProblem } from "@/lib/platform/slugs";

export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const first = pathname.split("/")[1] ?? "";

  if (first === "setup-password") {
    // The token is in the address: keep it out of Referer headers and caches.
    const response = NextResponse.next();
    response.headers.set("Referrer-Policy", "no-referrer");
    response.headers.set("Cache-Control", "no-store");
    return response;
  }

  // /Acme/login → /acme/login: slugs are lower-case, and one address per tenant keeps links and cookies simple.
  const lower = first.toLowerCase();
  if (first !== lower && !RESERVED_SLUGS.has(lower) && !slugProblem(lower)) {
    const url = request.nextUrl.clone();
    url.pathname = `/${lower}${pathname.slice(first.length + 1)}`;
    return NextResponse.redirect(url, 308);
  }
  return NextResponse.next();
}

export const config = {
  // Everything but Next's own files, the API and files with an extension.
  matcher: ["/((?!_next/|api/|.*\\.[a-zA-Z0-9]+$).*)"],
};
