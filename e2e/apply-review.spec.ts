// The first half of the journey in a browser: two organizations apply; one
// applicant confirms their email with the emailed link (read, as in the
// development mailbox, from the outbox), a platform admin confirms the other
// for its applicant (no mail provider here); the admin finds each by search,
// rejects one with a reason and approves the other, then reads the emails in
// the outbox.
import type { Browser, Page } from "@playwright/test";
import { E2E_ADMIN } from "./env";
import { expect, test } from "./fixtures";

const stamp = Date.now().toString(36);
const rejected = { org: `Riverside Chess Club ${stamp}`, slug: `riverside-${stamp}`, email: `chess-${stamp}@e2e.test` };
const approved = { org: `Harbour Workers Union ${stamp}`, slug: `harbour-${stamp}`, email: `union-${stamp}@e2e.test` };
const references: Record<string, string> = {};

async function apply(page: Page, app: typeof rejected): Promise<string> {
  await page.goto("/apply");
  await page.getByLabel("Organization name").fill(app.org);
  // The slug follows the name until the applicant edits it.
  await expect(page.getByLabel("Address (slug)")).toHaveValue(app.org.toLowerCase().replaceAll(" ", "-"));
  await page.getByLabel("Address (slug)").fill(app.slug);
  await expect(page.getByTestId("slug-status")).toHaveText("✓ This address is available.");
  await page.getByLabel("Type of organization").selectOption("association");
  await page.getByLabel("Country").selectOption("DE");
  await page.getByLabel("Expected number of voters").fill("250");
  await page.getByLabel("First name").fill("Ada");
  await page.getByLabel("Last name").fill("Lovelace");
  await page.getByLabel("Email").fill(app.email);
  await page.getByLabel(/Anything we should know/).fill("We elect a board every spring.");
  await page.getByRole("button", { name: "Submit application" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Application received" })).toBeVisible();
  await expect(page.getByText(`We sent a confirmation link to ${app.email}`)).toBeVisible();
  const reference = (await page.getByTestId("reference").textContent()) ?? "";
  expect(reference).toMatch(/^APP-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  return reference;
}

async function openApplication(page: Page, query: string, org: string) {
  await page.goto("/admin/applications");
  await page.getByLabel("Search applications").fill(query);
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(query).replaceAll("%20", "\\+")}`));
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await page.getByRole("link", { name: org }).click();
  await expect(page.getByRole("heading", { level: 1, name: org })).toBeVisible();
}

async function adminSignIn(page: Page) {
  await page.goto("/admin/login");
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Applications" })).toBeVisible();
}

/** The applicant's own browser: no cookie of the platform admin's. */
async function freshPage(browser: Browser) {
  const context = await browser.newContext();
  return context.newPage();
}

test.describe.configure({ mode: "serial" });

test("a visitor is told about bad input as they type and on submit, and nothing is stored", async ({ page }) => {
  await page.goto("/apply");
  const slug = page.getByLabel("Address (slug)");
  await slug.fill("Admin");
  await expect(page.getByTestId("slug-status")).toHaveText('"admin" is reserved; choose another.');
  await slug.fill("my--club");
  await expect(page.getByTestId("slug-status")).toHaveText("Use single hyphens only (no '--').");
  await slug.fill("");

  await page.getByRole("button", { name: "Submit application" }).click();
  const name = page.getByLabel("Organization name");
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toHaveAttribute("aria-describedby", "organizationName-error");
  await expect(page.locator("#organizationName-error")).toHaveText("Enter the organization name.");
  await expect(page.locator("#contactEmail-error")).toHaveText("Enter an email address.");
  await page.getByLabel("Email").fill("not-an-email");
  await expect(page.locator("#contactEmail-error")).toHaveText("Enter a valid email address, like name@example.org.");
  // Once a field shows its error, typing updates that error in place.
  await slug.fill("Admin");
  await expect(page.locator("#requestedSlug-error")).toHaveText('"admin" is reserved; choose another.');
  await page.screenshot({ path: test.info().outputPath("apply-errors.png"), fullPage: true });
});

test("visitors apply and see their reference numbers", async ({ page }) => {
  references.rejected = await apply(page, rejected);
  await page.screenshot({ path: test.info().outputPath("apply-submitted.png"), fullPage: true });
  references.approved = await apply(page, approved);

  // The slug is now held: the form says so as the next applicant types it.
  await page.goto("/apply");
  await page.getByLabel("Address (slug)").fill(approved.slug.toUpperCase());
  await expect(page.getByTestId("slug-status")).toHaveText("✗ That address is already taken. Choose another slug.");
});

test("an applicant confirms their email with the link from the email, once", async ({ page, browser }) => {
  // Unconfirmed applications wait outside the review queue.
  await adminSignIn(page);
  await page.goto(`/admin/applications?status=pending&q=${rejected.slug}`);
  await expect(page.getByText("No applications match.")).toBeVisible();
  await page.goto(`/admin/applications?status=unconfirmed&q=${rejected.slug}`);
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.locator("tbody")).toContainText(rejected.org);

  // The development mailbox (no provider) shows the email with its link; the stored copy holds none.
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Outbox" }).click();
  const subject = `Confirm your email address (${references.rejected})`;
  await page.getByRole("link", { name: subject }).click();
  await expect(page.getByRole("heading", { name: subject })).toBeVisible();
  const body = page.frameLocator(`iframe[title="Email: ${subject}"]`);
  await expect(body.getByText(rejected.org)).toBeVisible();
  // No visitor text but the organization's name: not the contact's name, not the note.
  await expect(body.getByText(/Lovelace|elect a board/)).toHaveCount(0);
  const link = (await body.getByRole("link", { name: "Confirm my email address" }).getAttribute("href")) ?? "";
  expect(link).toMatch(/^http:\/\/localhost:\d+\/apply\/confirm\/[A-Za-z0-9_-]{43}$/);

  // Opening the link confirms nothing (mail scanners fetch links); the button does.
  const applicant = await freshPage(browser);
  await applicant.goto(link);
  await expect(applicant.getByRole("heading", { name: `Confirm your application for ${rejected.org}` })).toBeVisible();
  await applicant.screenshot({ path: test.info().outputPath("confirm-page.png"), fullPage: true });
  await applicant.getByRole("button", { name: "Confirm my application" }).click();
  await expect(applicant.getByText("Your email address is confirmed.")).toBeVisible();
  await applicant.goto(link);
  await expect(applicant.getByRole("heading", { name: "This link cannot be used" })).toBeVisible();
  await expect(applicant.getByText("already been used")).toBeVisible();
  await applicant.context().close();

  await page.goto(`/admin/applications?status=pending&q=${rejected.slug}`);
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.locator("tbody")).toContainText(rejected.org);
});

test("an admin finds the applications, rejects one with a reason and approves the other", async ({ page }) => {
  await adminSignIn(page);
  // No mail provider here: the admin confirms the other application for its applicant.
  await openApplication(page, approved.slug, approved.org);
  await expect(page.getByText("Awaiting confirmation").first()).toBeVisible();
  await page.getByRole("button", { name: "Confirm for the applicant" }).click();
  await expect(page.getByText("Pending review").first()).toBeVisible();
  await expect(page.getByRole("list", { name: "Audit trail" })).toContainText(
    new RegExp(`Email confirmed\\s*by ${E2E_ADMIN.email}`),
  );

  await page.goto("/admin/applications");
  await expect(
    page.getByRole("navigation", { name: "Filter by status" }).getByRole("link", { name: /Pending review/ }),
  ).toContainText(/[2-9]|\d\d/);
  await page.screenshot({ path: test.info().outputPath("admin-list.png"), fullPage: true });

  await openApplication(page, rejected.org, rejected.org);
  await expect(page.getByText(references.rejected ?? "").first()).toBeVisible();
  await page.getByRole("button", { name: "Reject application" }).click();
  await expect(page.locator("#reason-error")).toHaveText("Give the applicant a reason; it is sent to them.");
  await page.getByLabel("Reason for rejecting").fill("We could not confirm that <you> represent the club.");
  await page.getByRole("button", { name: "Reject application" }).click();
  await expect(page.getByText("Rejected. The applicant has been emailed the reason.")).toBeVisible();
  await expect(page.getByText("Reason sent to the applicant")).toBeVisible();
  await expect(page.getByText("We could not confirm that <you> represent the club.").first()).toBeVisible();
  await expect(page.getByRole("list", { name: "Audit trail" })).toContainText(
    new RegExp(`Rejected\\s*by ${E2E_ADMIN.email}`),
  );
  await page.screenshot({ path: test.info().outputPath("admin-rejected.png"), fullPage: true });

  await openApplication(page, approved.slug, approved.org);
  await page.getByLabel("Review notes (optional)").fill("Checked with the union's board.");
  await page.getByRole("button", { name: "Approve and provision" }).click();
  await expect(page.getByText("Approved. Provisioning starts now.")).toBeVisible();
  await expect(page.getByRole("list", { name: "Audit trail" })).toContainText(
    new RegExp(`Approved\\s*by ${E2E_ADMIN.email}`),
  );
  await page.screenshot({ path: test.info().outputPath("admin-approved.png"), fullPage: true });

  // The list's status tabs now count them where they belong.
  await page.goto(`/admin/applications?status=rejected&q=${rejected.slug}`);
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.locator("tbody")).toContainText(rejected.org);
});

test("the outbox holds the received and rejected emails, readable as the recipient sees them", async ({ page }) => {
  await adminSignIn(page);
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Outbox" }).click();
  await expect(page.getByRole("heading", { name: "Outbox" })).toBeVisible();

  const received = `We received your application (${references.rejected})`;
  const rejection = `Your application ${references.rejected} was not approved`;
  await expect(page.getByRole("link", { name: received })).toBeVisible();
  await expect(page.getByRole("link", { name: `We received your application (${references.approved})` })).toBeVisible();
  await expect(page.getByRole("link", { name: `Confirm your email address (${references.approved})` })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("outbox.png"), fullPage: true });

  await page.getByRole("link", { name: rejection }).click();
  await expect(page.getByRole("heading", { name: rejection })).toBeVisible();
  await expect(page.getByText(rejected.email)).toBeVisible();
  const body = page.frameLocator(`iframe[title="Email: ${rejection}"]`);
  await expect(body.getByText("We could not confirm that <you> represent the club.")).toBeVisible();
  await expect(body.getByText("Hello Ada,")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("outbox-email.png"), fullPage: true });
});
