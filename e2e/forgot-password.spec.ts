// A tenant user who lost their password, in Chromium: they ask for a link at
// /{slug}/forgot-password (the answer says nothing of whether the account
// exists); the owner reads the link in the development mailbox (no mail
// provider here); the user chooses a new password with it, is signed in,
// and signs in with it again; a session opened before, elsewhere, is thrown
// out. Screenshots under test-results/forgot-password/.
import { randomBytes, randomUUID } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { e2eQuery } from "./db";
import { E2E_ADMIN } from "./env";
import { expect, test } from "./fixtures";

const stamp = randomBytes(3).toString("hex");
const org = { name: `Harbour Choir ${stamp}`, slug: `harbour-${stamp}`, email: `choir-${stamp}@e2e.test` };
const FIRST = "Harbour-2026-Song!";
const CHOSEN = "Lost-and-F0und-Again?";

async function snap(page: Page, name: string) {
  await page.screenshot({ path: `test-results/forgot-password/${name}.png`, fullPage: true });
}

async function freshPage(browser: Browser) {
  return (await browser.newContext()).newPage();
}

/** Opens an email in the outbox as the owner and returns the href of the link named `link`. */
async function linkInMailbox(owner: Page, subject: string, link: string): Promise<string> {
  await owner.goto("/admin/outbox");
  await owner.getByRole("link", { name: subject }).first().click();
  await expect(owner.getByRole("heading", { name: subject })).toBeVisible();
  await expect(owner.getByText("This is the development mailbox")).toBeVisible();
  const body = owner.frameLocator(`iframe[title="Email: ${subject}"]`);
  return (await body.getByRole("link", { name: link }).getAttribute("href")) ?? "";
}

test("a tenant user resets a lost password from the emailed link; an old session is thrown out", async ({
  page: owner,
  browser,
}) => {
  test.setTimeout(180_000);

  // An organization, provisioned from the console.
  const applicationId = randomUUID();
  await e2eQuery(
    `INSERT INTO tenant_applications (id, reference, organization_name, requested_slug, contact_first_name, contact_last_name,
       contact_email, organization_type, country, expected_voters, status, updated_at)
     VALUES (?, ?, ?, ?, 'Ada', 'Lovelace', ?, 'association', 'GB', 60, 'pending', NOW(3))`,
    [applicationId, `E2E-${stamp}`, org.name, org.slug, org.email],
  );
  await owner.goto("/admin/login");
  await owner.getByLabel("Email").fill(E2E_ADMIN.email);
  await owner.getByLabel("Password").fill(E2E_ADMIN.password);
  await owner.getByRole("button", { name: "Sign in" }).click();
  await owner.waitForURL((url) => url.pathname.startsWith("/admin") && !url.pathname.startsWith("/admin/login"));
  await owner.goto(`/admin/applications/${applicationId}`);
  await owner.getByRole("button", { name: "Approve and provision" }).click();
  const timeline = owner.getByRole("list", { name: /Provisioning run 1/ });
  await expect(timeline.locator('[data-status="succeeded"]')).toHaveCount(6, { timeout: 30_000 });

  // The admin sets a first password with the welcome link: this browser keeps that session open.
  const setupLink = await linkInMailbox(owner, `${org.name} is ready on the Election Platform`, "Set your password");
  const before = await freshPage(browser);
  await before.goto(setupLink);
  await before.getByLabel("Password", { exact: true }).fill(FIRST);
  await before.getByLabel("Repeat the new password").fill(FIRST);
  await before.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(before).toHaveURL(new RegExp(`/${org.slug}$`));
  await expect(before.getByRole("heading", { level: 1, name: org.name, exact: true })).toBeVisible();

  // Elsewhere, the password is forgotten: the sign-in page leads to the request form.
  const user = await freshPage(browser);
  await user.goto(`/${org.slug}/login`);
  await user.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(user).toHaveURL(new RegExp(`/${org.slug}/forgot-password$`));
  await expect(user.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await snap(user, "request");

  // An address with no account gets the very same answer.
  await user.getByLabel("Email").fill(`nobody-${stamp}@e2e.test`);
  await user.getByRole("button", { name: "Email me a link" }).click();
  const answer = user.getByRole("status");
  await expect(answer).toContainText("we have emailed it a link");
  const sameAnswer = await answer.textContent();
  await user.reload();
  await user.getByLabel("Email").fill(org.email);
  await user.getByRole("button", { name: "Email me a link" }).click();
  await expect(user.getByRole("status")).toHaveText(sameAnswer ?? "");
  await snap(user, "requested");

  // The owner reads the link in the development mailbox.
  const subject = `Choose a new password for ${org.name}`;
  await expect
    .poll(
      async () =>
        (
          await e2eQuery<{ n: bigint }>(
            "SELECT COUNT(*) AS n FROM email_outbox WHERE template = 'password-reset' AND to_address = ?",
            [org.email],
          )
        )[0]?.n,
    )
    .toBe(1n);
  const resetLink = await linkInMailbox(owner, subject, "Choose a new password");
  expect(resetLink).toMatch(new RegExp(`^http://localhost:\\d+/${org.slug}/reset-password/[A-Za-z0-9_-]{43}$`));
  await snap(owner, "mailbox");

  // The user chooses a new password and is signed in with it.
  await user.goto(resetLink);
  await expect(user.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await expect(user.getByText(org.email)).toBeVisible();
  await user.getByLabel("New password", { exact: true }).fill(CHOSEN);
  await user.getByLabel("Repeat the new password").fill(CHOSEN);
  await snap(user, "choose");
  await user.getByRole("button", { name: "Set new password and sign in" }).click();
  await expect(user).toHaveURL(new RegExp(`/${org.slug}$`));
  await expect(user.getByRole("heading", { level: 1, name: org.name, exact: true })).toBeVisible();

  // The session opened before the reset is thrown out.
  await before.reload();
  await expect(before).toHaveURL(new RegExp(`/${org.slug}/login$`));

  // The link worked once; the new password signs in, the old one does not.
  await user.getByRole("button", { name: "Sign out" }).click();
  await expect(user).toHaveURL(new RegExp(`/${org.slug}/login$`));
  await user.goto(resetLink);
  await expect(user.getByRole("heading", { name: "This link cannot be used" })).toBeVisible();
  await user.goto(`/${org.slug}/login`);
  await user.getByLabel("Email").fill(org.email);
  await user.getByLabel("Password").fill(CHOSEN);
  await user.getByRole("button", { name: "Sign in" }).click();
  await expect(user).toHaveURL(new RegExp(`/${org.slug}$`));
  await snap(user, "signed-in");

  await before.context().close();
  await user.context().close();
});
