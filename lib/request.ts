// Who is asking: the client address and user agent of the current request.
import "server-only";
import { headers } from "next/headers";

export interface RequestInfo {
  ip: string;
  userAgent: string;
}

/** The address the server put in X-Forwarded-For (one entry), and the user agent. */
export async function requestInfo(): Promise<RequestInfo> {
  const h = await headers();
  const ip = (h.get("x-forwarded-for") ?? "unknown").split(",")[0]?.trim() || "unknown";
  return { ip: ip.slice(0, 45), userAgent: (h.get("user-agent") ?? "").slice(0, 512) };
}
