// Who did it, as the audit log records it: the signed-in person and where the
// request came from. One construction for pages and actions alike.
import "server-only";
import type { Actor } from "../platform/audit";
import { type RequestInfo, requestInfo } from "../request";
import type { PortalSession } from "./session";

export async function platformActor(session: PortalSession, request?: RequestInfo): Promise<Actor> {
  const { ip, userAgent } = request ?? (await requestInfo());
  return { type: "platform_admin", id: session.userId, label: session.email, ip, userAgent };
}
