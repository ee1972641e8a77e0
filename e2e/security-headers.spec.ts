// The security headers in a real browser against the built portal: every page
// has a nonce-based CSP and still runs its JavaScript under it (no violation
// reported), the API and static files get the static headers, and the
// outbox's sandboxed email preview still shows under the page's policy.
import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { e2eQuery } from "./db";
import { E2E_ADMIN } from "./env";
import { expect, test } from "./fixtures";

/** Console messages about the Content Security Policy: the browser reports every refused script, style or frame. */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.push(message.text());
  });
  return seen;
}

function nonceOf(csp: string | undefined): string {
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp ?? "")?.[1];
  if (!nonce) throw new Error(`no nonce in the policy: ${csp}`);
  return nonce;
}

for (const path of ["/", "/apply", "/admin/login"]) {
  test(`${path} sends a nonce-based CSP and the security headers, and its scripts run under them`, async ({ page }) => {
    const violations = cspViolations(page);
    const response = await page.goto(path);
    const headers = response?.headers() ?? {};
    const csp = headers["content-security-policy"];
    const nonce = nonceOf(csp);
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic';`);
    expect(csp).not.toContain("unsafe-eval"); // a production build
    for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"])
      expect(csp).toContain(directive);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["strict-transport-security"]).toBeUndefined(); // APP_URL is http://localhost: not production

    // Next put this request's nonce on its scripts (the DOM hides the attribute; the property keeps it).
    const nonces = await page.evaluate(() => [...document.scripts].map((s) => s.nonce));
    expect(nonces.length).toBeGreaterThan(0);
    expect(new Set(nonces)).toEqual(new Set([nonce]));
    // React hydrated: Next's route announcer is made by client-side JavaScript only.
    await expect(page.locator("next-route-announcer")).toHaveCount(1);

    const again = await page.reload();
    expect(nonceOf(again?.headers()["content-security-policy"])).not.toBe(nonce);
    expect(violations).toEqual([]);
  });
}

test("the apply form's JavaScript works under the policy: the slug follows the name and is checked", async ({
  page,
}) => {
  const violations = cspViolations(page);
  await page.goto("/apply");
  const name = `Csp Check Club ${Date.now().toString(36)}`;
  await page.getByLabel("Organization name").fill(name);
  await expect(page.getByLabel("Address (slug)")).toHaveValue(name.toLowerCase().replaceAll(" ", "-"));
  // The availability check is a Server Action: a fetch to the page's own origin.
  await expect(page.getByTestId("slug-status")).toHaveText("✓ This address is available.");
  expect(violations).toEqual([]);
});

test("the API, Next's static files and setup links get their headers", async ({ page, request }) => {
  const health = await request.get("/api/health");
  expect(health.headers()).toMatchObject({
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
  });
  expect(await health.json()).toEqual({ status: "ok" });

  const scripts: string[] = [];
  page.on("response", (response) => {
    if (response.url().includes("/_next/static/") && response.url().endsWith(".js"))
      scripts.push(response.headers()["x-content-type-options"] ?? "none");
  });
  await page.goto("/");
  expect(scripts.length).toBeGreaterThan(0);
  expect(new Set(scripts)).toEqual(new Set(["nosniff"]));

  const setup = await request.get("/setup-password/not-a-real-token", { maxRedirects: 0 });
  expect(setup.headers()["referrer-policy"]).toBe("no-referrer");
  expect(setup.headers()["cache-control"]).toContain("no-store");
  expect(setup.headers()["content-security-policy"]).toContain("'strict-dynamic'");
});

test("the outbox's sandboxed email preview shows its inline-styled HTML under the page's policy", async ({ page }) => {
  const id = randomUUID();
  const subject = `CSP preview ${id.slice(0, 8)}`;
  const html =
    '<!doctype html><html><head><style>p { color: #123456; }</style></head><body><p style="font-weight: bold">Hello from the preview</p></body></html>';
  await e2eQuery(
    "INSERT INTO email_outbox (id, idempotency_key, template, to_address, from_address, subject, html, text) VALUES (?, ?, 'welcome', 'csp@e2e.test', 'no-reply@e2e.test', ?, ?, 'Hello from the preview')",
    [id, `csp-${id}`, subject, html],
  );
  await page.goto("/admin/login");
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/applications/);

  const violations = cspViolations(page);
  await page.goto(`/admin/outbox/${id}`);
  await expect(page.getByRole("heading", { name: subject })).toBeVisible();
  const preview = page.frameLocator(`iframe[title="Email: ${subject}"]`).getByText("Hello from the preview");
  await expect(preview).toBeVisible();
  // The email's own <style> and style attribute applied: the srcdoc document inherits the page's policy.
  await expect(preview).toHaveCSS("color", "rgb(18, 52, 86)");
  await expect(preview).toHaveCSS("font-weight", "700");
  expect(violations).toEqual([]);
});
