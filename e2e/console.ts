// What several console specs do before their own part: sign an admin in, and
// provision a tenant the way an owner does it (apply, confirm for the
// applicant, approve, wait for the six steps).
import type { Page } from "@playwright/test";
import { E2E_ADMIN } from "./env";
import { expect } from "./fixtures";

export interface E2eOrganization {
  name: string;
  slug: string;
  email: string;
  contact: { firstName: string; lastName: string; country: string; voters: number };
}

export async function adminSignIn(page: Page, email = E2E_ADMIN.email, password = E2E_ADMIN.password) {
  await page.goto("/admin/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/admin\/login/);
}

export async function applyAndProvision(page: Page, org: E2eOrganization) {
  await page.goto("/apply");
  await page.getByLabel("Organization name").fill(org.name);
  await page.getByLabel("Address (slug)").fill(org.slug);
  await expect(page.getByTestId("slug-status")).toHaveText("✓ This address is available.");
  await page.getByLabel("Type of organization").selectOption("association");
  await page.getByLabel("Country").selectOption(org.contact.country);
  await page.getByLabel("Expected number of voters").fill(String(org.contact.voters));
  await page.getByLabel("First name").fill(org.contact.firstName);
  await page.getByLabel("Last name").fill(org.contact.lastName);
  await page.getByLabel("Email").fill(org.email);
  await page.getByRole("button", { name: "Submit application" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Application received" })).toBeVisible();

  await adminSignIn(page);
  await page.goto(`/admin/applications?q=${org.slug}`);
  await page.getByRole("link", { name: org.name }).click();
  await page.getByRole("button", { name: "Confirm for the applicant" }).click();
  await page.getByRole("button", { name: "Approve and provision" }).click();
  const timeline = page.getByRole("list", { name: /Provisioning run 1/ });
  await expect(timeline.locator('[data-status="succeeded"]')).toHaveCount(6, { timeout: 30_000 });
}
