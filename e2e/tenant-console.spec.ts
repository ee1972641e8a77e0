// The tenant console in Chromium: an owner provisions a tenant (apply,
// confirm for the applicant, approve), finds it at /admin/tenants by search,
// puts it into maintenance (its pages answer 503 with the message), ends it,
// suspends it (the tenant admin's open session, in another browser, is thrown
// out on its next request), activates it, and reissues a setup link that then
// works. The tenant's console page is kept as a screenshot under
// test-results/tenant-console/. (Provisioning is e2e/console.ts's.)
import type { Browser, Locator, Page } from "@playwright/test";
import { applyAndProvision } from "./console";
import { expect, test } from "./fixtures";

const stamp = Date.now().toString(36);
const org = {
  name: `Riverside Chess Club ${stamp}`,
  slug: `riverside-${stamp}`,
  email: `chess-${stamp}@e2e.test`,
  contact: { firstName: "Bobby", lastName: "Knight", country: "DE", voters: 40 },
};
const CHOSEN = "Chess-2026-Knight!";
const AGAIN = "Chess-2027-Bishop!";

async function snap(page: Page, name: string) {
  await page.screenshot({ path: `test-results/tenant-console/${name}.png`, fullPage: true });
}

/** The setup link of the newest email with this subject, as the development mailbox shows it to an owner. */
async function setupLinkFrom(page: Page, subject: string): Promise<string> {
  await page.getByRole("link", { name: subject }).first().click();
  await expect(page.getByText("This is the development mailbox")).toBeVisible();
  const body = page.frameLocator(`iframe[title="Email: ${subject}"]`);
  const link = (await body.getByRole("link", { name: "Set your password" }).getAttribute("href")) ?? "";
  expect(link).toMatch(/\/setup-password\/[A-Za-z0-9_-]{40,}$/);
  return link;
}

/** A browser of the tenant admin's own, who sets a password with the link and lands in the space. */
async function setPassword(browser: Browser, link: string, password: string): Promise<Page> {
  const tenant = await (await browser.newContext()).newPage();
  await tenant.goto(link);
  await tenant.getByLabel("Password", { exact: true }).fill(password);
  await tenant.getByLabel("Repeat the new password").fill(password);
  await tenant.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(tenant).toHaveURL(new RegExp(`/${org.slug}$`));
  await expect(tenant.getByRole("heading", { level: 1, name: org.name, exact: true })).toBeVisible();
  return tenant;
}

/** Clicks an action's button, then again to confirm (components/ui/confirm-button.tsx). */
async function confirm(form: Locator, button: string) {
  await form.getByRole("button", { name: button }).click();
  await form.getByRole("button", { name: /Click again/ }).click();
}

test("an owner runs a tenant from the console: maintenance, suspension, a new setup link", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000); // a provisioning, three browsers and a dozen round trips, on a busy machine
  await applyAndProvision(page, org);
  await page.goto("/admin/outbox");
  const tenant = await setPassword(
    browser,
    await setupLinkFrom(page, `${org.name} is ready on the Election Platform`),
    CHOSEN,
  );

  // Found by search in the tenants list (the snapshot columns come later from the background job or the page).
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Tenants" }).click();
  await expect(page.getByRole("heading", { name: "Tenants", exact: true })).toBeVisible();
  await page.getByLabel("Search tenants").fill(org.slug);
  await expect(page).toHaveURL(new RegExp(`q=${org.slug}`));
  const rows = page.locator("table tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(org.name);
  await snap(page, "tenants-list");
  await rows.first().getByRole("link", { name: org.slug }).click();
  await expect(page.getByRole("heading", { level: 1, name: org.name })).toBeVisible();
  await page.getByRole("button", { name: "Refresh snapshot" }).click();
  await expect(page.getByText("Snapshot refreshed.")).toBeVisible();

  // Maintenance: every page of the space answers 503 with the message, the sign-in page too.
  const start = page.getByRole("form", { name: "Start maintenance" });
  await start.getByLabel("Message for the tenant's users").fill("We are moving to a bigger server. Back tonight.");
  await start.getByLabel("Reason (kept in the audit log)").fill("Server move, ticket 4711");
  await confirm(start, "Start maintenance");
  await expect(page.getByText("In maintenance: its pages answer 503")).toBeVisible();
  for (const path of [`/${org.slug}`, `/${org.slug}/login`]) {
    await expect.poll(async () => (await tenant.goto(path))?.status(), { timeout: 10_000 }).toBe(503);
    const response = await tenant.goto(path);
    expect(response?.headers()["retry-after"]).toMatch(/^\d+$/);
    await expect(tenant.getByRole("heading", { name: `${org.name} is in maintenance` })).toBeVisible();
    await expect(tenant.getByTestId("maintenance-message")).toHaveText(
      "We are moving to a bigger server. Back tonight.",
    );
  }
  await snap(tenant, "maintenance-page");

  // Ended: the same session opens the space again.
  const end = page.getByRole("form", { name: "End maintenance" });
  await end.getByLabel("Reason (kept in the audit log)").fill("Move finished");
  await confirm(end, "End maintenance");
  await expect(page.getByText("Maintenance ended: the space is open again.")).toBeVisible();
  await expect.poll(async () => (await tenant.goto(`/${org.slug}`))?.status(), { timeout: 10_000 }).toBe(200);
  await expect(tenant.getByRole("heading", { level: 1, name: org.name, exact: true })).toBeVisible();

  // Suspended: the open session in the other browser is thrown out on its next request.
  const suspend = page.getByRole("form", { name: "Suspend" });
  await suspend.getByLabel("Reason (kept in the audit log)").fill("Unpaid invoice");
  await confirm(suspend, "Suspend tenant");
  await expect(page.getByText("Suspended; 1 open session(s) ended.")).toBeVisible();
  await tenant.goto(`/${org.slug}`);
  await expect(tenant).toHaveURL(new RegExp(`/${org.slug}/login$`));
  await tenant.context().close();

  const activate = page.getByRole("form", { name: "Activate" });
  await activate.getByLabel("Reason (kept in the audit log)").fill("Invoice paid");
  await confirm(activate, "Activate tenant");
  await expect(page.getByText("Active again: its users can sign in.")).toBeVisible();

  // A new setup link for the admin, read from the development mailbox, works once.
  const reissue = page.getByRole("form", { name: "Reissue a setup link" });
  await expect(reissue.getByLabel("Admin")).toContainText(org.email);
  await reissue.getByLabel("Reason (kept in the audit log)").fill("Lost their password");
  await confirm(reissue, "Reissue setup link");
  await expect(page.getByText(`A new setup link for ${org.email} is in the outbox`)).toBeVisible();
  await page.reload();
  await expect(page.getByRole("list", { name: "Audit trail" })).toContainText("Lost their password");
  await snap(page, "tenant-page");
  const link = await setupLinkFrom(page, `A new setup link for ${org.name} on the Election Platform`);
  const back = await setPassword(browser, link, AGAIN);
  await back.context().close();
});
