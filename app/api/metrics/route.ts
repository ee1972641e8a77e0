// Prometheus scrapes this with `Authorization: Bearer <METRICS_TOKEN>`. With no
// token configured the address does not exist (404); a wrong or missing token
// gets 401 and nothing else.
import { cachedMetricsText, metricsAccess } from "@/lib/operations/metrics";
import { PROMETHEUS_CONTENT_TYPE } from "@/lib/prometheus";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const access = metricsAccess(request.headers.get("authorization"));
  if (access === "unconfigured") return new Response("Not found.\n", { status: 404 });
  if (access === "denied") {
    return new Response("Unauthorized.\n", {
      status: 401,
      headers: { "www-authenticate": 'Bearer realm="metrics"', "cache-control": "no-store" },
    });
  }
  return new Response(await cachedMetricsText(), {
    headers: { "content-type": PROMETHEUS_CONTENT_TYPE, "cache-control": "no-store" },
  });
}
