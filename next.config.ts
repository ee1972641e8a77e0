import type { NextConfig } from "next";
import { staticHeaderRules } from "./lib/security-headers";

const config: NextConfig = {
  // Server-only packages with native or wasm parts: loaded from node_modules, not bundled.
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-mariadb", "mariadb", "bcryptjs"],
  poweredByHeader: false,
  typedRoutes: false,
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // `npm test` runs tsc --noEmit over the whole tree (tests included) before
  // anything is built; checking again inside every build only costs time.
  typescript: { ignoreBuildErrors: true },
  // nosniff, X-Frame-Options and the referrer policy on every response, API
  // and static files included; proxy.ts adds each page's CSP (and HSTS).
  headers: async () => staticHeaderRules(),
};

export default config;
