// The portal's security headers, one policy for the two places that send them:
// next.config.ts gives every response (pages, API routes, static files) the
// ones that never change, and proxy.ts gives every page the per-request
// Content-Security-Policy and, in production, HSTS. Client-free and with no
// configuration of its own: next.config.ts may import it, and whether this is
// production (lib/env.ts) is the caller's to say.

/** The same on every response, whatever it is. */
export const STATIC_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
} as const;

export const REFERRER_POLICY = "strict-origin-when-cross-origin";
/** /setup-password/<token> and /apply/confirm/<token> carry a secret in their address: no page they link to may learn it. */
export const SECRET_ADDRESS_REFERRER_POLICY = "no-referrer";
/** Two years, subdomains too (SPEC.md); sent only when APP_URL is a real https deployment. */
export const HSTS = "max-age=63072000; includeSubDomains";

// The pages whose address holds a token. Kept in step with staticHeaderRules below.
// ":slug" stands for one path segment, a tenant's address (/{slug}/join/{token}).
const SECRET_PREFIXES = [
  "/setup-password",
  "/apply/confirm",
  "/apply/status",
  "/admin/invite",
  "/:slug/join",
  "/:slug/reset-password",
];
const prefixPattern = (prefix: string) => new RegExp(`^${prefix.replace(":slug", "[^/]+")}(/|$)`);

/** Pages whose address holds a secret (a setup or confirmation token). */
export function isSecretAddress(pathname: string): boolean {
  return SECRET_PREFIXES.some((prefix) => prefixPattern(prefix).test(pathname));
}

export function referrerPolicy(pathname: string): string {
  return isSecretAddress(pathname) ? SECRET_ADDRESS_REFERRER_POLICY : REFERRER_POLICY;
}

/** A fresh nonce: 16 random bytes in base64, unguessable and new for every request. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

export interface PolicyOptions {
  nonce: string;
  /** APP_URL is https on a real host (lib/env.ts `production`): HSTS and upgrade-insecure-requests. */
  production: boolean;
  /** `next dev`: React rebuilds server error stacks with eval in development builds only. */
  development?: boolean;
}

/**
 * Scripts run only with this request's nonce (Next puts it on its own scripts
 * when it finds the policy on the request) or when loaded by such a script
 * ('strict-dynamic'); no inline handler, no eval outside development.
 * Styles allow 'unsafe-inline' on purpose: React and Next write style
 * attributes, and the outbox's email preview (a sandboxed srcdoc frame, which
 * inherits this policy) is all inline styles. A style attribute cannot run
 * script; a nonce in style-src would also switch 'unsafe-inline' off.
 * frame-src 'self' covers that preview (srcdoc loads nothing from anywhere).
 */
export function contentSecurityPolicy({ nonce, production, development = false }: PolicyOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Only where the portal is served over https: on http://localhost it would break every asset.
    ...(production ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** Every security header of one page response. */
export function securityHeaders(options: PolicyOptions & { pathname?: string }) {
  return {
    "Content-Security-Policy": contentSecurityPolicy(options),
    ...STATIC_HEADERS,
    "Referrer-Policy": referrerPolicy(options.pathname ?? "/"),
    ...(options.production ? { "Strict-Transport-Security": HSTS } : {}),
  };
}

type HeaderRule = { source: string; headers: { key: string; value: string }[] };

const list = (headers: Record<string, string>) => Object.entries(headers).map(([key, value]) => ({ key, value }));

/**
 * next.config.ts `headers()`: the static headers on every response, and the
 * referrer policy by path (the two Referrer-Policy rules never overlap, so
 * the order in which Next applies them and the proxy's cannot matter).
 */
export function staticHeaderRules(): HeaderRule[] {
  return [
    { source: "/:path*", headers: list(STATIC_HEADERS) },
    {
      source:
        "/((?!setup-password(?:/|$)|apply/confirm(?:/|$)|apply/status(?:/|$)|admin/invite(?:/|$)|[^/]+/join(?:/|$)|[^/]+/reset-password(?:/|$)).*)",
      headers: list({ "Referrer-Policy": REFERRER_POLICY }),
    },
    // ":path*" matches /setup-password itself too.
    ...SECRET_PREFIXES.map((prefix) => ({
      source: `${prefix}/:path*`,
      headers: list({ "Referrer-Policy": SECRET_ADDRESS_REFERRER_POLICY }),
    })),
  ];
}
