import { landlordHealth } from "@/lib/db/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await landlordHealth();
  return Response.json(health.ok ? { status: "ok" } : { status: "unavailable", reason: health.reason }, {
    status: health.ok ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
