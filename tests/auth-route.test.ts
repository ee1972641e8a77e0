// /api/auth/*: a body over the limit is refused before next-auth reads it (and
// so before any sign-in is attempted), with or without a Content-Length; the
// normal routes still work; a throttled sign-in says when to retry.
import { createRequire } from "node:module";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/auth/[...nextauth]/route";
import { landlord } from "@/lib/db/landlord";
import { boundary } from "./setup/request-boundary";

const IP = "198.51.100.23";
const BASE = "http://localhost:3000";
boundary.headers = new Headers({ "x-forwarded-for": IP, "user-agent": "vitest", host: "localhost:3000" });

// next-auth loads next/headers with require() at request time, past vitest's
// module mocks: it gets the request boundary's headers and this file's cookies here.
const jar = new Map<string, string>();
const nextHeaders = createRequire(import.meta.url)("next/headers") as Record<string, unknown>;
const realNextHeaders = { ...nextHeaders };
const previousUrl = process.env.NEXTAUTH_URL;

beforeAll(() => {
  process.env.NEXTAUTH_URL = BASE; // next-auth's own address (the scripts set it from APP_URL)
  nextHeaders.headers = async () => boundary.headers;
  nextHeaders.cookies = async () => ({ getAll: () => [...jar].map(([name, value]) => ({ name, value })) });
});

afterAll(() => {
  Object.assign(nextHeaders, realNextHeaders);
  if (previousUrl === undefined) delete process.env.NEXTAUTH_URL;
  else process.env.NEXTAUTH_URL = previousUrl;
});

beforeEach(async () => {
  await landlord().rateLimitBucket.deleteMany();
});

const context = (path: string) => ({ params: Promise.resolve({ nextauth: path.split("/") }) });

function keep(response: Response) {
  for (const cookie of response.headers.getSetCookie()) {
    const [pair = ""] = cookie.split(";");
    const at = pair.indexOf("=");
    jar.set(pair.slice(0, at), decodeURIComponent(pair.slice(at + 1)));
  }
}

async function csrfToken(): Promise<string> {
  const response = await GET(new Request(`${BASE}/api/auth/csrf`), context("csrf"));
  expect(response.status).toBe(200);
  keep(response);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  expect(csrfToken).toMatch(/^[0-9a-f]{64}$/);
  return csrfToken;
}

async function signInForm(extra: Record<string, string> = {}): Promise<string> {
  return new URLSearchParams({
    csrfToken: await csrfToken(),
    slug: "no-such-tenant",
    email: "someone@example.org",
    password: "wrong password",
    callbackUrl: `${BASE}/no-such-tenant`,
    json: "true",
    ...extra,
  }).toString();
}

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const callback = (body: BodyInit, headers: HeadersInit = FORM, init: RequestInit = {}) =>
  POST(
    new Request(`${BASE}/api/auth/callback/tenant`, { method: "POST", headers, body, ...init }),
    context("callback/tenant"),
  );

const failedSignIns = () => landlord().auditLog.count({ where: { action: "auth.signin_failed" } });

describe("/api/auth body limit", () => {
  it("answers the csrf route as before", async () => {
    await csrfToken();
  });

  it("refuses a body over 8 KiB with 413 before any sign-in is attempted", async () => {
    const before = await failedSignIns();
    const oversized = await signInForm({ padding: "x".repeat(9 * 1024) });
    const refused = await callback(oversized);
    expect(refused.status).toBe(413);
    expect(await failedSignIns()).toBe(before);

    // The same form without the padding reaches sign-in (and is refused and audited there).
    const normal = await callback(await signInForm());
    expect(normal.status).toBe(401); // next-auth's answer to a refused sign-in for fetch
    expect(((await normal.json()) as { url: string }).url).toContain("error=CredentialsSignin");
    expect(await failedSignIns()).toBe(before + 1);
  });

  it("counts a streamed body with no Content-Length, and stops reading at the limit", async () => {
    const before = await failedSignIns();
    const prefix = new TextEncoder().encode(`${await signInForm()}&padding=`);
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        if (pulled === 1) controller.enqueue(prefix);
        else if (pulled > 1000)
          controller.close(); // 1 MiB in all
        else controller.enqueue(new Uint8Array(1024).fill(120));
      },
    });
    const request = new Request(`${BASE}/api/auth/callback/tenant`, {
      method: "POST",
      headers: FORM,
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(request.headers.get("content-length")).toBeNull();
    const refused = await POST(request, context("callback/tenant"));
    expect(refused.status).toBe(413);
    expect(pulled).toBeLessThan(20);
    expect(await failedSignIns()).toBe(before);
  });
});

describe("/api/auth throttled sign-in", () => {
  async function lockAddress(seconds: number) {
    await landlord().$executeRaw`
      INSERT INTO rate_limit_buckets (\`key\`, hits, reset_at)
      VALUES (${`signin:lock:ip:${IP}`}, 1, NOW(3) + INTERVAL ${seconds} SECOND)`;
  }

  it("adds Retry-After to next-auth's answer for fetch (json) and for a form post (redirect)", async () => {
    await lockAddress(900);

    const fetched = await callback(await signInForm());
    expect(fetched.status).toBe(401);
    expect(((await fetched.json()) as { url: string }).url).toMatch(/error=locked%3A(899|900)$/);
    expect(fetched.headers.get("retry-after")).toMatch(/^(899|900)$/);

    const posted = await callback(await signInForm({ json: "false" }));
    expect(posted.status).toBe(302);
    expect(posted.headers.get("location")).toMatch(/error=locked%3A(899|900)$/);
    expect(posted.headers.get("retry-after")).toMatch(/^(899|900)$/);
  });

  it("sends no Retry-After for an ordinary refusal", async () => {
    const refused = await callback(await signInForm());
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { url: string }).url).toContain("error=CredentialsSignin");
    expect(refused.headers.get("retry-after")).toBeNull();
  });
});
