// The audit log's filtered entries as a CSV download, streamed
// (lib/platform/audit-export.ts). Owners and reviewers only: the file holds
// every actor's address and user agent. A refusal is a status and a code, never
// a redirect: this is a download, not a page.
import { platformActor } from "@/lib/auth/actor";
import { requirePlatformAdmin } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { exportAuditLog } from "@/lib/platform/audit-export";
import { parseAuditFilters } from "@/lib/platform/audit-log-params";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  let session: Awaited<ReturnType<typeof requirePlatformAdmin>>;
  try {
    session = await requirePlatformAdmin("tenants.operate");
  } catch (error) {
    if (isAppError(error, "UNAUTHORIZED") || isAppError(error, "FORBIDDEN")) {
      return Response.json(
        { code: error.code, error: error.message },
        { status: error.code === "UNAUTHORIZED" ? 401 : 403, headers: { "cache-control": "no-store" } },
      );
    }
    throw error;
  }
  const filters = parseAuditFilters(new URL(request.url).searchParams);
  const { filename, stream } = await exportAuditLog(filters, await platformActor(session));
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
