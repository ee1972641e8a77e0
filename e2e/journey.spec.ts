// The whole journey, as the people of the spec live it, in Chromium:
//   1. a visitor applies; a platform admin signs in, confirms the applicant's
//      email for them (no mail provider here), approves, and watches the
//      timeline reach provisioned; the welcome email in the outbox has a working
//      setup link; the tenant admin sets a password there and lands in the
//      tenant's home;
//   2. another organization's admin takes the initial-password path instead
//      and is made to change it before anything else;
//   3. over HTTP, each session stays in its own realm and tenant.
// Every page of the journey is kept as a screenshot under test-results/journey/.
import type { Browser, Page } from "@playwright/test";
import { E2E_ADMIN } from "./env";
import { expect, test } from "./fixtures";

const stamp = Date.now().toString(36);
const first = { org: `Lakeside Rowing Club ${stamp}`, slug: `lakeside-${stamp}`, email: `rowing-${stamp}@e2e.test` };
const second = { org: `Hill Farmers Guild ${stamp}`, slug: `hill-${stamp}`, email: `guild-${stamp}@e2e.test` };
const CHOSEN = "Rowing-2026-Boat!";
const CHOSEN_SECOND = "Guild-Harvest-77?";
let shot = 0;

async function snap(page: Page, name: string) {
  shot += 1;
  await page.screenshot({ path: `test-results/journey/${String(shot).padStart(2, "0")}-${name}.png`, fullPage: true });
}

async function apply(page: Page, org: typeof first, screenshots: boolean) {
  await page.goto("/apply");
  await page.getByLabel("Organization name").fill(org.org);
  await page.getByLabel("Address (slug)").fill(org.slug);
  await expect(page.getByTestId("slug-status")).toHaveText("✓ This address is available.");
  await page.getByLabel("Type of organization").selectOption("association");
  await page.getByLabel("Country").selectOption("DE");
  await page.getByLabel("Expected number of voters").fill("120");
  await page.getByLabel("First name").fill("Ada");
  await page.getByLabel("Last name").fill("Lovelace");
  await page.getByLabel("Email").fill(org.email);
  if (screenshots) await snap(page, "apply-form");
  await page.getByRole("button", { name: "Submit application" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Application received" })).toBeVisible();
  if (screenshots) await snap(page, "application-received");
}

async function adminSignIn(page: Page, screenshots = false) {
  await page.goto("/admin/login");
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  if (screenshots) await snap(page, "admin-sign-in");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Applications" })).toBeVisible();
}

/** Approves from the application's page and waits for the timeline to reach provisioned. */
async function approve(page: Page, org: typeof first, screenshots: boolean) {
  await page.goto(`/admin/applications?q=${org.slug}`);
  await page.getByRole("link", { name: org.org }).click();
  await expect(page.getByRole("heading", { level: 1, name: org.org, exact: true })).toBeVisible();
  // No mail provider here: the admin confirms the applicant's email for them (tested both ways in apply-review.spec.ts).
  if (screenshots) await snap(page, "application-unconfirmed");
  await page.getByRole("button", { name: "Confirm for the applicant" }).click();
  await expect(page.getByRole("button", { name: "Approve and provision" })).toBeVisible();
  if (screenshots) await snap(page, "application-pending");
  await page.getByLabel("Review notes (optional)").fill("Checked with the club's board.");
  await page.getByRole("button", { name: "Approve and provision" }).click();
  const timeline = page.getByRole("list", { name: /Provisioning run 1/ });
  await expect(timeline.locator('[data-status="succeeded"]')).toHaveCount(6, { timeout: 30_000 });
  await expect(page.getByText("Provisioned", { exact: true }).first()).toBeVisible({ timeout: 15_000 });
  if (screenshots) await snap(page, "application-provisioned");
}

/** The welcome email as a platform admin reads it in the outbox: its setup link and its plain text. */
async function welcomeEmail(page: Page, org: typeof first, screenshots: boolean) {
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Outbox" }).click();
  const subject = `${org.org} is ready on the Election Platform`;
  if (screenshots) await snap(page, "outbox");
  await page.getByRole("link", { name: subject }).click();
  await expect(page.getByRole("heading", { name: subject })).toBeVisible();
  const body = page.frameLocator(`iframe[title="Email: ${subject}"]`);
  const setupLink = (await body.getByRole("link", { name: "Set your password" }).getAttribute("href")) ?? "";
  await expect(body.getByText(`${org.slug}/login`)).toBeVisible();
  // No mail provider here: the outbox is the development mailbox, which shows the secrets under a banner.
  await expect(page.getByText("This is the development mailbox")).toBeVisible();
  const initialPassword = ((await body.locator("strong").first().textContent()) ?? "").trim();
  expect(initialPassword).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/); // generated for this admin alone
  if (screenshots) await snap(page, "welcome-email");
  return { setupLink, initialPassword };
}

/** A browser of the tenant admin's own: no cookie of the platform admin's. */
async function freshPage(browser: Browser) {
  const context = await browser.newContext();
  return context.newPage();
}

test.describe.configure({ mode: "serial" });

test("apply, approve, provisioned; the setup link from the welcome email signs the new admin in to their space", async ({
  page,
  browser,
}) => {
  await apply(page, first, true);
  await adminSignIn(page, true);
  await approve(page, first, true);
  const { setupLink, initialPassword: INITIAL } = await welcomeEmail(page, first, true);
  expect(setupLink).toMatch(/^http:\/\/localhost:\d+\/setup-password\/[A-Za-z0-9_-]{40,}$/);

  const admin = await freshPage(browser);
  await admin.goto(setupLink);
  await expect(admin.getByRole("heading", { name: "Choose your password" })).toBeVisible();
  await expect(admin.getByText(first.org)).toBeVisible();
  await expect(admin.getByText(first.email)).toBeVisible();
  await snap(admin, "setup-password");

  // The policy is explained as they type, and enforced.
  await admin.getByLabel("Password", { exact: true }).fill("rowing");
  await admin.getByLabel("Repeat the new password").fill("rowing");
  await admin.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(admin.locator("#password-error")).toHaveText("Use at least 8 characters.");
  await snap(admin, "setup-password-too-weak");

  await admin.getByLabel("Password", { exact: true }).fill(CHOSEN);
  await admin.getByLabel("Repeat the new password").fill(CHOSEN);
  await admin.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(admin).toHaveURL(new RegExp(`/${first.slug}$`));
  await expect(admin.getByRole("heading", { level: 1, name: first.org, exact: true })).toBeVisible();
  await expect(admin.getByText("Administers the organization's election space")).toBeVisible();
  const users = admin.locator("table");
  await expect(users.locator("tbody tr")).toHaveCount(1);
  await expect(users).toContainText(first.email);
  await expect(users).toContainText("tenant_admin");
  await snap(admin, "tenant-home");

  // The link worked once; now it says so and changes nothing.
  await admin.goto(setupLink);
  await expect(admin.getByRole("heading", { name: "This link cannot be used" })).toBeVisible();
  await expect(admin.getByText("already been used")).toBeVisible();
  await snap(admin, "setup-link-used");

  // Signing out ends the session on the server too: a copy of the cookie kept from before opens nothing.
  await admin.goto(`/${first.slug}`);
  const copied = await admin.context().cookies();
  await admin.getByRole("button", { name: "Sign out" }).click();
  await expect(admin).toHaveURL(new RegExp(`/${first.slug}/login$`));
  const replay = await freshPage(browser);
  await replay.context().addCookies(copied);
  await replay.goto(`/${first.slug}`);
  await expect(replay).toHaveURL(new RegExp(`/${first.slug}/login$`));
  await replay.context().close();

  // The chosen password signs back in; the initial one does not.
  await admin.getByLabel("Email").fill(first.email);
  await admin.getByLabel("Password").fill(INITIAL);
  await admin.getByRole("button", { name: "Sign in" }).click();
  await expect(admin.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText(
    "Wrong email or password, or this account cannot sign in here.",
  );
  await snap(admin, "tenant-sign-in-refused");
  await admin.getByLabel("Password").fill(CHOSEN);
  await admin.getByRole("button", { name: "Sign in" }).click();
  await expect(admin).toHaveURL(new RegExp(`/${first.slug}$`));
  await expect(admin.getByRole("heading", { level: 1, name: first.org, exact: true })).toBeVisible();
  await admin.context().close();
});

test("with the initial password from the email, the new admin must choose a password before anything else", async ({
  page,
  browser,
}) => {
  await apply(page, second, false);
  await adminSignIn(page);
  await approve(page, second, false);
  const { setupLink, initialPassword: INITIAL } = await welcomeEmail(page, second, false);

  const admin = await freshPage(browser);
  await admin.goto(`/${second.slug}/login`);
  await expect(admin.getByRole("heading", { name: `Sign in to ${second.org}` })).toBeVisible();
  await snap(admin, "initial-sign-in");
  await admin.getByLabel("Email").fill(second.email);
  await admin.getByLabel("Password").fill(INITIAL);
  await admin.getByRole("button", { name: "Sign in" }).click();
  await expect(admin).toHaveURL(new RegExp(`/${second.slug}/change-password$`));
  await expect(admin.getByText("You signed in with the initial password")).toBeVisible();
  await snap(admin, "forced-change-password");

  // Every other page of the space sends them back here.
  await admin.goto(`/${second.slug}`);
  await expect(admin).toHaveURL(new RegExp(`/${second.slug}/change-password$`));

  // Meanwhile the same account is open in a second browser.
  const elsewhere = await freshPage(browser);
  await elsewhere.goto(`/${second.slug}/login`);
  await elsewhere.getByLabel("Email").fill(second.email);
  await elsewhere.getByLabel("Password").fill(INITIAL);
  await elsewhere.getByRole("button", { name: "Sign in" }).click();
  await expect(elsewhere).toHaveURL(new RegExp(`/${second.slug}/change-password$`));

  // The initial password cannot be "changed" to itself.
  await admin.getByLabel("Current password").fill(INITIAL);
  await admin.getByLabel("New password", { exact: true }).fill(INITIAL);
  await admin.getByLabel("Repeat the new password").fill(INITIAL);
  await admin.getByRole("button", { name: "Change password" }).click();
  await expect(admin.locator("#password-error")).toContainText("not the initial password");
  await snap(admin, "change-password-refused");

  await admin.getByLabel("New password", { exact: true }).fill(CHOSEN_SECOND);
  await admin.getByLabel("Repeat the new password").fill(CHOSEN_SECOND);
  await admin.getByRole("button", { name: "Change password" }).click();
  await expect(admin).toHaveURL(new RegExp(`/${second.slug}$`));
  await expect(admin.getByRole("heading", { level: 1, name: second.org, exact: true })).toBeVisible();
  await snap(admin, "tenant-home-after-change");

  // Changing the password ended the other browser's session.
  await elsewhere.goto(`/${second.slug}`);
  await expect(elsewhere).toHaveURL(new RegExp(`/${second.slug}/login$`));
  await expect(elsewhere.getByText("Your session has ended. Sign in again.")).toBeVisible();
  await snap(elsewhere, "other-session-ended");
  await elsewhere.context().close();

  // The password is chosen: the emailed setup link no longer replaces it.
  await admin.goto(setupLink);
  await expect(admin.getByRole("heading", { name: "This link cannot be used" })).toBeVisible();
  await admin.context().close();
});

test("over HTTP each session stays in its realm and tenant", async ({ page, browser }) => {
  // The first organization's admin, signed in, tries the second organization and /admin.
  const admin = await freshPage(browser);
  await admin.goto(`/${first.slug}/login`);
  await admin.getByLabel("Email").fill(first.email);
  await admin.getByLabel("Password").fill(CHOSEN);
  await admin.getByRole("button", { name: "Sign in" }).click();
  await expect(admin).toHaveURL(new RegExp(`/${first.slug}$`));
  await expect(admin.getByRole("heading", { level: 1, name: first.org, exact: true })).toBeVisible();

  for (const path of [`/${second.slug}`, `/${second.slug}/change-password`, `/${second.slug}?q=guild`]) {
    await admin.goto(path);
    await expect(admin).toHaveURL(new RegExp(`/${second.slug}/login$`));
    await expect(admin.locator("body")).not.toContainText(second.email);
  }
  await expect(admin.getByText("You are signed in to another organization's space")).toBeVisible();
  await snap(admin, "other-tenant-refused");
  for (const path of ["/admin", "/admin/applications", "/admin/outbox"]) {
    await admin.goto(path);
    await expect(admin).toHaveURL(/\/admin\/login$/);
  }
  // Still signed in to their own space.
  await admin.goto(`/${first.slug.toUpperCase()}`);
  await expect(admin).toHaveURL(new RegExp(`/${first.slug}$`));
  await expect(admin.getByRole("heading", { level: 1, name: first.org, exact: true })).toBeVisible();
  await admin.context().close();

  // A platform admin opens no tenant's pages.
  await adminSignIn(page);
  for (const slug of [first.slug, second.slug]) {
    await page.goto(`/${slug}`);
    await expect(page).toHaveURL(new RegExp(`/${slug}/login$`));
    await expect(page.locator("body")).not.toContainText(slug === first.slug ? first.email : second.email);
    await expect(page.getByText("You are signed in as a platform admin.")).toBeVisible();
  }
  await snap(page, "platform-admin-on-tenant-page");
});
