// Platform admins in Chromium: the owner invites a reviewer; the invitation
// link, read in the development mailbox, lets the reviewer choose a password
// and land in the console; the reviewer turns on two-factor sign-in (codes
// computed from the "Secret key" as an authenticator would), signs in again
// with a code, is refused the same code a second time, and cannot open the
// owners' page. The enrolment page is kept as screenshots under
// test-results/platform-admins/.
import type { Page } from "@playwright/test";
import * as OTPAuth from "otpauth";
import { E2E_ADMIN } from "./env";
import { expect, test } from "./fixtures";

const stamp = Date.now().toString(36);
const invitee = { email: `reviewer-${stamp}@e2e.test`, name: "Rita Reviewer", password: "Reviewer-2026-Ballot!" };
const SUBJECT = "You are invited to the Election Platform's console";
const PERIOD_MS = 30_000;

async function snap(page: Page, name: string) {
  await page.screenshot({ path: `test-results/platform-admins/${name}.png`, fullPage: true });
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/admin/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/admin\/login/);
}

/** A code is good once per 30-second step: wait for the step after the last one used. */
async function nextStep(after: number) {
  const wait = (Math.floor(after / PERIOD_MS) + 1) * PERIOD_MS - Date.now() + 500;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

test("an owner invites a reviewer, who joins, turns on two-factor and signs in with a code", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);

  // The owner invites a reviewer.
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page.getByRole("heading", { name: "Applications" })).toBeVisible();
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Admins" }).click();
  await expect(page.getByRole("heading", { name: "Platform admins" })).toBeVisible();
  const invite = page.getByRole("form", { name: "Invite an admin" });
  await invite.getByLabel("Email").fill(invitee.email);
  await invite.getByLabel("Name").fill(invitee.name);
  await invite.getByLabel("Role", { exact: true }).selectOption("reviewer");
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(invite.getByRole("status")).toContainText(`Invitation sent to ${invitee.email}.`);
  await expect(page.getByRole("list", { name: "Open invitations" })).toContainText(invitee.email);

  // The invitation in the development mailbox, its link shown to the owner under the banner.
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Outbox" }).click();
  await page.getByRole("row").filter({ hasText: invitee.email }).getByRole("link", { name: SUBJECT }).click();
  await expect(page.getByRole("heading", { name: SUBJECT })).toBeVisible();
  await expect(page.getByText("This is the development mailbox")).toBeVisible();
  const email = page.frameLocator(`iframe[title="Email: ${SUBJECT}"]`);
  const link = (await email.getByRole("link", { name: "Join as a platform admin" }).getAttribute("href")) ?? "";
  expect(link).toMatch(/\/admin\/invite\/[A-Za-z0-9_-]{40,}$/);

  // The invitee, in a browser of their own, joins with the link.
  const context = await browser.newContext();
  const reviewer = await context.newPage();
  await reviewer.goto(new URL(link).pathname);
  await expect(reviewer.getByRole("heading", { name: "Join the platform console" })).toBeVisible();
  await expect(reviewer.getByText(/you are invited as reviewer/)).toBeVisible();
  await reviewer.getByLabel("Password", { exact: true }).fill(invitee.password);
  await reviewer.getByLabel("Repeat the new password").fill(invitee.password);
  await reviewer.getByRole("button", { name: "Join and sign in" }).click();
  await expect(reviewer).toHaveURL(/\/admin$/);
  await expect(reviewer.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(reviewer.getByText(invitee.email, { exact: true })).toBeVisible();
  await expect(reviewer.getByText("Reviewer", { exact: true })).toBeVisible();
  await expect(reviewer.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Admins" })).toHaveCount(
    0,
  );

  // The link worked once.
  await reviewer.goto(new URL(link).pathname);
  await expect(reviewer.getByRole("heading", { name: "This invitation cannot be used" })).toBeVisible();

  // Two-factor enrolment from the account page.
  await reviewer.goto("/admin/applications");
  await reviewer.getByRole("link", { name: "Account" }).click();
  await expect(reviewer.getByRole("heading", { name: "Your account" })).toBeVisible();
  await reviewer.getByRole("link", { name: "Turn on two-factor sign-in" }).click();
  await expect(reviewer).toHaveURL(/\/admin\/account\/two-factor$/);
  await reviewer.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(reviewer.getByRole("img", { name: "QR code for your authenticator" })).toBeVisible();
  const key = await reviewer.getByLabel("Secret key").inputValue();
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(key), digits: 6, period: 30 });
  await snap(reviewer, "two-factor-enrolment");

  // A code from ten minutes ago: outside the window, refused.
  await reviewer.getByLabel("Code from your authenticator").fill(totp.generate({ timestamp: Date.now() - 600_000 }));
  await reviewer.getByRole("button", { name: "Turn on" }).click();
  await expect(reviewer.getByText("That code is not right.")).toBeVisible();

  const enrolledAt = Date.now();
  await reviewer.getByLabel("Code from your authenticator").fill(totp.generate({ timestamp: enrolledAt }));
  await reviewer.getByRole("button", { name: "Turn on" }).click();
  const codes = reviewer.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(codes).toHaveCount(10);
  await expect(codes.first()).toHaveText(/^[0-9a-f]{5}-[0-9a-f]{5}$/);
  await snap(reviewer, "two-factor-recovery-codes");
  await reviewer.getByRole("button", { name: "I have saved them" }).click();
  await expect(reviewer.getByRole("heading", { name: "Applications" })).toBeVisible();

  // Signing in again takes the password and then a code.
  await signOut(reviewer);
  await nextStep(enrolledAt);
  const code = totp.generate();
  await signIn(reviewer, invitee.email, invitee.password);
  await reviewer.getByLabel("Authentication code").fill(code);
  await snap(reviewer, "sign-in-code");
  await reviewer.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(reviewer.getByRole("heading", { name: "Applications" })).toBeVisible();

  // A reviewer cannot open the owners' page.
  await reviewer.goto("/admin/admins");
  await expect(reviewer).toHaveURL(/\/admin\/forbidden\?need=admins\.manage$/);
  await expect(reviewer.getByRole("heading", { name: "You cannot open that page" })).toBeVisible();
  await expect(reviewer.getByText("Your role cannot do this; it needs owner.")).toBeVisible();

  // The same code again, within its window, is refused.
  await signOut(reviewer);
  await signIn(reviewer, invitee.email, invitee.password);
  await reviewer.getByLabel("Authentication code").fill(code);
  await reviewer.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(reviewer.getByRole("alert").filter({ hasText: "code" })).toHaveText(
    "That code is not right, or it was used already.",
  );
  await expect(reviewer).toHaveURL(/\/admin\/login/);
  await context.close();

  // The owner sees the reviewer with two-factor on, and no open invitation left.
  await page.goto("/admin/admins");
  const row = page.getByRole("row").filter({ hasText: invitee.email });
  // Columns: admin, role, status, two-factor, last sign-in, actions.
  await expect(row.getByRole("cell").nth(1)).toHaveText("Reviewer");
  await expect(row.getByRole("cell").nth(3)).toHaveText("on");
  await expect(page.getByRole("list", { name: "Open invitations" })).toHaveCount(0);
});
