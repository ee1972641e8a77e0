// Anyone may call this (load balancers, uptime checks), so it says only "ok"
// or "unavailable": which check failed, and the driver's message, go to the
// log (lib/db/health.ts), and `npm run tenants -- health-check` gives details.
import { landlordAvailable } from "@/lib/db/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const ok = await landlordAvailable();
  return Response.json(
    { status: ok ? "ok" : "unavailable" },
    { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
