// Through the portal's real server: a client that writes its own
// X-Forwarded-For cannot choose its rate-limit bucket or the address the audit
// log records (the server takes the socket's address; TRUST_PROXY_HOPS is 0).
import { e2eQuery } from "./db";
import { expect, test } from "./fixtures";

test("a forged X-Forwarded-For escapes no limit and is not what the audit log records", async ({ request }) => {
  const csrf = await (await request.get("/api/auth/csrf")).json();
  const attempt = (i: number) =>
    request.post("/api/auth/callback/tenant", {
      headers: { "x-forwarded-for": `6.6.${i >> 8}.${i & 255}` }, // a new "address" every time
      form: {
        slug: "nobody-here",
        email: `guess${i}@example.org`,
        password: "wrong",
        csrfToken: csrf.csrfToken,
        json: "true",
      },
    });
  // The limit on attempts per address (60 per 5 minutes by default) holds for the socket's address.
  let refusedAt = -1;
  for (let i = 0; i < 70 && refusedAt < 0; i++) {
    const response = await attempt(i);
    const body = JSON.stringify(await response.json().catch(() => ({})));
    if (/rate_limited/.test(body)) refusedAt = i;
  }
  expect(refusedAt).toBe(60);
  const addresses = await e2eQuery<{ ip: string }>(
    "SELECT DISTINCT ip FROM audit_logs WHERE action IN ('auth.signin_failed', 'auth.locked_out') AND actor_label LIKE 'guess%'",
  );
  expect(addresses.map((a) => a.ip)).toEqual([expect.stringMatching(/^(127\.0\.0\.1|::1)$/)]);
});
