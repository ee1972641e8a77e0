// Who is asking: the client address and user agent of the current request.
import { headers } from "next/headers";
import { env } from "./env";

export interface RequestInfo {
  ip: string;
  userAgent: string;
}

/**
 * The client address from x-forwarded-for, counted from the right: each of the
 * TRUST_PROXY_HOPS proxies in front of the portal appends the address it saw,
 * so the entry that many places from the end is the one a client cannot forge.
 * (`next start` fills the header with the socket address only when it is
 * absent, so a portal exposed directly should run behind a proxy that sets it.)
 */
export function clientAddress(forwardedFor: string | null, hops: number): string | undefined {
  const entries = (forwardedFor ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries[Math.max(0, entries.length - Math.max(1, hops))];
}

export async function requestInfo(): Promise<RequestInfo> {
  const h = await headers();
  const ip = clientAddress(h.get("x-forwarded-for"), env().TRUST_PROXY_HOPS) ?? h.get("x-real-ip") ?? "unknown";
  return { ip: ip.slice(0, 45), userAgent: (h.get("user-agent") ?? "").slice(0, 512) };
}
