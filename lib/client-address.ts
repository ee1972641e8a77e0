// The client's address behind zero or more proxies: one rule, applied by the
// portal's server (scripts/serve.ts) to every request before Next sees it.
// Pure, so the server can use it without loading Next's request internals.

/** IPv4 peers on a dual-stack socket read as ::ffff:1.2.3.4. */
function plain(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

/**
 * The client address, as the portal's server (scripts/serve.ts) works it out
 * for every request: with `hops` = 0 the socket's peer, whatever the headers
 * say; with N proxies in front, each appending the address it saw to
 * X-Forwarded-For, the entry N places from the end of [...header, socket],
 * the last one a client cannot have written itself.
 */
export function clientAddress(forwardedFor: string | undefined, socket: string | undefined, hops: number): string {
  const chain = (forwardedFor ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  chain.push(socket ?? "unknown");
  return plain(chain[Math.max(0, chain.length - 1 - hops)] ?? "unknown");
}
