// /{slug}/maintenance: what every page of a space in maintenance answers with.
// The proxy sends the space's page requests here while any hold is in force. A
// route handler, not a page: a page cannot set its status, and this answers
// 503 with Retry-After, so browsers, crawlers and monitors know it is temporary.
// It reads the holds itself; the proxy's answer only routed the request.
import { slugProblem } from "@/lib/platform/slugs";
import { MAINTENANCE_REWRITE_HEADER, maintenanceBySlug } from "@/lib/tenant-auth/maintenance";
import { comingBackHtml, maintenanceHtml } from "./maintenance-html";

export const dynamic = "force-dynamic";

// A proxy in another process may still hold a hold that just ended: the browser comes back in a moment.
const COMING_BACK_SECONDS = 5;

function unavailable(html: string, retryAfterSeconds: number): Response {
  return new Response(html, {
    status: 503,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Retry-After": String(retryAfterSeconds),
      "Cache-Control": "no-store",
    },
  });
}

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const slug = (await params).slug.toLowerCase();
  if (slugProblem(slug)) return new Response("Not found", { status: 404 });
  const held = await maintenanceBySlug(slug);
  if (held) return unavailable(maintenanceHtml(held), held.notice.retryAfterSeconds);
  if (request.headers.get(MAINTENANCE_REWRITE_HEADER)) return unavailable(comingBackHtml(), COMING_BACK_SECONDS);
  // Opened directly with no maintenance going on: the space itself.
  return new Response(null, { status: 307, headers: { Location: `/${slug}` } });
}
