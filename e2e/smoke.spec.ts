import { E2E_ADMIN } from "./env";
import { expect, test } from "./fixtures";

test("the home page renders and leads to the application form and admin sign-in", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("elections");
  await expect(page.getByRole("link", { name: "Apply for your organization" })).toHaveAttribute("href", "/apply");
  await expect(page.getByRole("link", { name: "Platform admin sign-in" })).toHaveAttribute("href", "/admin/login");
});

test("admin pages send a visitor to sign in; a wrong password is refused; the right one signs in", async ({ page }) => {
  await page.goto("/admin/applications");
  await expect(page).toHaveURL(/\/admin\/login/);
  await expect(page.getByRole("heading", { name: "Platform admin sign-in" })).toBeVisible();

  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText("Wrong email or password.");

  // A failure makes the account's next attempt from an address it has not signed in from wait a second
  // (lib/platform/sign-in-throttle.ts); the fixture's fresh buckets make this address such a one.
  await page.waitForTimeout(1_200);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/applications/);
  await expect(page.getByRole("heading", { name: "Applications" })).toBeVisible();
  await expect(page.getByText(E2E_ADMIN.email)).toBeVisible();
});
