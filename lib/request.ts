// Who is asking: the client address and user agent of the current request.
import { headers } from "next/headers";

export interface RequestInfo {
  ip: string;
  userAgent: string;
}

export async function requestInfo(): Promise<RequestInfo> {
  const h = await headers();
  // The first x-forwarded-for entry is the client as the nearest proxy saw it.
  const forwarded = h.get("x-forwarded-for")?.split(",")[0]?.trim();
  return {
    ip: (forwarded || h.get("x-real-ip") || "unknown").slice(0, 45),
    userAgent: (h.get("user-agent") ?? "").slice(0, 512),
  };
}
