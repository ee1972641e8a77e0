// next-auth configuration: credentials sign-in in two realms. A platform
// session carries realm "platform"; a tenant session (added by the tenant
// sign-in) carries realm "tenant" and the slug it is bound to.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "../env";
import { authenticatePlatformAdmin } from "../platform/admins";

const platformCredentials = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(200),
});

export type Realm = "platform" | "tenant";

export function authOptions(): NextAuthOptions {
  return {
    secret: env().AUTH_SECRET,
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    pages: { signIn: "/admin/login" },
    providers: [
      CredentialsProvider({
        id: "platform",
        name: "Platform admin",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(raw) {
          const parsed = platformCredentials.safeParse(raw);
          if (!parsed.success) return null;
          const admin = await authenticatePlatformAdmin(parsed.data.email, parsed.data.password);
          return admin ? { ...admin, realm: "platform" as const } : null;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          const u = user as { id: string; realm?: Realm; tenantSlug?: string };
          token.sub = u.id;
          token.realm = u.realm;
          token.tenantSlug = u.tenantSlug;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, userId: token.sub, realm: token.realm, tenantSlug: token.tenantSlug };
      },
    },
  };
}

declare module "next-auth/jwt" {
  interface JWT {
    realm?: Realm;
    tenantSlug?: string;
  }
}
