// Tenant sign-in for integration tests: real sign-ins against the tenant
// databases, turned into the session object next-auth would hand the server
// (through the real jwt and session callbacks). Test files mock only the
// request boundary (next/headers, getServerSession) and present these.
import { expect } from "vitest";
import { authOptions, tenantAuthUser } from "@/lib/auth/options";
import { landlord } from "@/lib/db/landlord";
import { resetEnvCache } from "@/lib/env";
import { openSecrets } from "@/lib/mail/secrets";
import { signInTenantUser } from "@/lib/tenant-auth/sign-in";

/**
 * The development-only fixed initial password, for test files that sign in as
 * a fresh tenant admin many times (`withFixedInitialPassword()`); by default each
 * admin gets a generated one, read with `welcomeSecrets()`.
 */
export const INITIAL_PASSWORD = "Start1234!";

export function withFixedInitialPassword(): void {
  process.env.INITIAL_ADMIN_PASSWORD = INITIAL_PASSWORD;
  resetEnvCache();
}

/** What getServerSession returns for a user object from a provider's authorize. */
export async function sessionFromUser(user: Record<string, unknown> & { id: string; email: string; name: string }) {
  const callbacks = authOptions().callbacks ?? {};
  type JwtArgs = Parameters<NonNullable<typeof callbacks.jwt>>[0];
  type SessionArgs = Parameters<NonNullable<typeof callbacks.session>>[0];
  const token = await callbacks.jwt?.({ token: { email: user.email, name: user.name }, user } as unknown as JwtArgs);
  const expires = new Date(Date.now() + 3600_000).toISOString();
  return callbacks.session?.({
    session: { user: { email: user.email, name: user.name }, expires },
    token,
  } as unknown as SessionArgs);
}

/** Signs in for real and returns the session the browser would then hold. */
export async function tenantSessionFor(slug: string, email: string, password: string, ip = "192.0.2.1") {
  const result = await signInTenantUser({ slug, email, password }, { ip, userAgent: "vitest" });
  if (!result.ok) throw new Error(`sign-in to ${slug} as ${email} failed: ${result.reason}`);
  const session = await sessionFromUser(tenantAuthUser(result));
  return { session, sessionId: result.sessionId, user: result.user, tenant: result.tenant };
}

/** The secrets of the tenant's latest welcome email, opened from the outbox's sealed copy. */
export async function welcomeSecrets(tenantId: string): Promise<{ setupUrl: string; initialPassword: string }> {
  const email = await landlord().emailOutbox.findFirstOrThrow({
    where: { tenantId, template: "welcome" },
    orderBy: { createdAt: "desc" },
  });
  const secrets = openSecrets(email.id, email.secrets);
  if (!secrets.setupUrl || !secrets.initialPassword) throw new Error("the welcome email holds no secrets any more");
  return { setupUrl: secrets.setupUrl, initialPassword: secrets.initialPassword };
}

/** The setup token from the tenant's welcome email. */
export async function welcomeToken(tenantId: string): Promise<string> {
  const { setupUrl } = await welcomeSecrets(tenantId);
  const token = /\/setup-password\/([A-Za-z0-9_-]+)$/.exec(setupUrl)?.[1];
  if (!token) throw new Error("no setup link in the welcome email");
  return token;
}

/** Where a page or action redirected to (Next throws NEXT_REDIRECT), or null when it returned normally. */
export async function redirectOf(run: () => Promise<unknown>): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (!digest.startsWith("NEXT_REDIRECT;")) throw error;
    return digest.split(";")[2] ?? "";
  }
}

export async function expectRedirect(run: () => Promise<unknown>, to: string) {
  expect(await redirectOf(run)).toBe(to);
}

/** Everything a rendered element carries (text and props), for "contains / does not contain" checks. */
export function serialize(value: unknown): string {
  const seen = new WeakSet<object>();
  return (
    JSON.stringify(value, (key, v) => {
      if (key === "type" || key === "_owner" || key === "_store") return undefined; // components, React internals
      if (typeof v === "bigint") return v.toString();
      if (typeof v === "object" && v !== null) {
        if (seen.has(v)) return undefined;
        seen.add(v);
      }
      return v;
    }) ?? ""
  );
}
