// What the backup downloads share. A route handler is no page: the session is
// checked here, for owners only ("tenants.destroy": a whole tenant's data), and
// a refusal is a status and a code, never a redirect and never a byte of the
// file. The backup must be the route's tenant's (lib/operations/backups/download.ts).
import { Readable } from "node:stream";
import { type AdminSession, requirePlatformAdmin } from "@/lib/auth/session";
import { AppError, type ErrorCode, isAppError } from "@/lib/errors";

export type BackupRouteContext = { params: Promise<{ slug?: string; id?: string }> };

const STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  // A file that is pruned, or no longer matches its checksum: nothing to hand out.
  INVALID_STATE: 409,
  INVALID_INPUT: 409,
};

const NO_STORE = { "cache-control": "no-store", "x-content-type-options": "nosniff" };

export async function ownerDownload(
  context: BackupRouteContext,
  respond: (slug: string, backupId: string, session: AdminSession) => Promise<Response>,
): Promise<Response> {
  try {
    const session = await requirePlatformAdmin("tenants.destroy");
    const { slug, id } = await context.params;
    if (typeof slug !== "string" || typeof id !== "string") throw new AppError("NOT_FOUND", "No such backup.");
    return await respond(slug, id, session);
  } catch (error) {
    const status = isAppError(error) ? STATUS[error.code] : undefined;
    if (!isAppError(error) || status === undefined) throw error;
    return Response.json({ code: error.code, error: error.message }, { status, headers: NO_STORE });
  }
}

/** A file to save, streamed. (No Content-Length: Next drops it from a route handler's response anyway.) */
export function attachment(body: Readable | string, file: { name: string; type: string }): Response {
  const stream = typeof body === "string" ? body : (Readable.toWeb(body) as unknown as ReadableStream<Uint8Array>);
  return new Response(stream, {
    headers: {
      ...NO_STORE,
      "content-type": file.type,
      "content-disposition": `attachment; filename="${file.name.replace(/[^\w.-]/g, "_")}"`,
    },
  });
}
