// next-auth configuration: credentials sign-in in two realms. A platform
// session carries realm "platform"; a tenant session carries realm "tenant",
// the slug it is bound to and the id of its tenant_sessions row, which every
// tenant request checks (lib/auth/tenant.ts) so the server can end it.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "../env";
import { isAppError } from "../errors";
import { signInPlatformAdmin } from "../platform/admins";
import { requestInfo } from "../request";
import { type SignInResult, signInTenantUser } from "../tenant-auth/sign-in";
import { tenantCredentials } from "../tenant-auth/sign-in-input";
import { THROTTLE_CODE, throttleCode } from "../tenant-auth/sign-in-messages";
import { signOutPlatformSession } from "./platform-sign-out";
import { signOutTenantSession } from "./tenant-sign-out";

const platformCredentials = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(200),
  code: z.string().trim().max(20).optional(),
});

/** The codes a refused platform sign-in hands the form (never details). */
export const PLATFORM_CODES = ["code_required", "code_invalid"] as const;

async function authorizePlatform(raw: unknown): Promise<SignedIn | null> {
  const parsed = platformCredentials.safeParse(raw);
  if (!parsed.success) return null;
  try {
    const result = await signInPlatformAdmin(parsed.data, await requestInfo());
    if (result.ok) {
      const { admin } = result;
      return { id: admin.id, email: admin.email, name: admin.name, realm: "platform", sessionId: admin.sessionId };
    }
    if (result.reason === "invalid") return null;
    if (result.reason === "code_required" || result.reason === "code_invalid") throw new Error(result.reason);
    throw new Error(throttleCode(result.reason, result.retryAfterSeconds ?? 60));
  } catch (error) {
    if (
      error instanceof Error &&
      (THROTTLE_CODE.test(error.message) || PLATFORM_CODES.includes(error.message as never))
    ) {
      throw error;
    }
    console.error("[auth] platform sign-in failed", isAppError(error) ? error.message : error);
    throw new Error("unavailable");
  }
}

export type Realm = "platform" | "tenant";

// A type, not an interface, so it also passes as a plain record (tests/helpers/tenant-auth.ts).
type SignedIn = {
  id: string;
  email: string;
  name: string;
  realm: Realm;
  tenantSlug?: string;
  sessionId?: string;
};

/** A successful tenant sign-in as next-auth's user: bound to its tenant and its tenant_sessions row. */
export function tenantAuthUser(result: Extract<SignInResult, { ok: true }>): SignedIn {
  return {
    id: result.user.uuid,
    email: result.user.email,
    name: result.user.name,
    realm: "tenant",
    tenantSlug: result.tenant.slug,
    sessionId: result.sessionId,
  };
}

/** The codes a refused tenant sign-in hands the form besides throttling (lib/tenant-auth/sign-in-messages.ts). */
const TENANT_CODES = ["expired", "maintenance"];

async function authorizeTenant(raw: unknown): Promise<SignedIn | null> {
  const parsed = tenantCredentials.safeParse(raw);
  if (!parsed.success) return null;
  try {
    const result = await signInTenantUser(parsed.data, await requestInfo());
    if (!result.ok) {
      if (result.reason === "invalid") return null;
      // next-auth hands a thrown message to the browser as `error`: only a code, never details.
      if (result.reason === "expired") throw new Error("expired");
      if (result.reason === "maintenance") throw new Error("maintenance");
      throw new Error(throttleCode(result.reason, result.retryAfterSeconds ?? 60));
    }
    return tenantAuthUser(result);
  } catch (error) {
    if (error instanceof Error && (THROTTLE_CODE.test(error.message) || TENANT_CODES.includes(error.message))) {
      throw error;
    }
    console.error("[auth] tenant sign-in failed", isAppError(error) ? error.message : error);
    throw new Error("unavailable");
  }
}

export function authOptions(): NextAuthOptions {
  return {
    secret: env().AUTH_SECRET,
    // The cookie may outlive its session row: the row (lib/auth/session.ts, lib/auth/tenant.ts) decides.
    session: { strategy: "jwt", maxAge: Math.max(8, env().PLATFORM_SESSION_HOURS) * 60 * 60 },
    pages: { signIn: "/admin/login" },
    providers: [
      CredentialsProvider({
        id: "platform",
        name: "Platform admin",
        credentials: { email: { type: "email" }, password: { type: "password" }, code: { type: "text" } },
        authorize: (raw) => authorizePlatform(raw),
      }),
      CredentialsProvider({
        id: "tenant",
        name: "Tenant user",
        credentials: { slug: { type: "text" }, email: { type: "email" }, password: { type: "password" } },
        authorize: (raw) => authorizeTenant(raw),
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          const u = user as Partial<SignedIn> & { id: string };
          token.sub = u.id;
          token.realm = u.realm;
          token.tenantSlug = u.tenantSlug;
          token.sessionId = u.sessionId;
        }
        return token;
      },
      session({ session, token }) {
        return {
          ...session,
          userId: token.sub,
          realm: token.realm,
          tenantSlug: token.tenantSlug,
          sessionId: token.sessionId,
        };
      },
    },
    events: {
      // Signing out ends the session row too, not only the cookie.
      async signOut({ token }) {
        if (token?.realm === "tenant") await signOutTenantSession(token);
        if (token?.realm === "platform") await signOutPlatformSession(token);
      },
    },
  };
}

declare module "next-auth/jwt" {
  interface JWT {
    realm?: Realm;
    tenantSlug?: string;
    sessionId?: string;
  }
}
