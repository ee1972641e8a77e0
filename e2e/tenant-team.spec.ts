// Tenant teams in Chromium: an organization is provisioned as in journey.spec.ts
// (apply, confirm for the applicant, approve as an owner, set the password with
// the setup link from the development mailbox); its admin invites a colleague
// as an admin and a third person as a committee member; the owner reads their
// join links in the development mailbox; both join through their links; the
// colleague adds someone to the committee and both admins see the committee
// page; the colleague deactivates the member, whose open session ends at their
// next navigation; the first admin deactivates the colleague and is then refused
// deactivating themselves, the last active admin. Every step is kept as a
// screenshot under test-results/tenant-team/.
import type { Browser, Page } from "@playwright/test";
import { E2E_ADMIN } from "./env";
import { expect, test } from "./fixtures";

const stamp = Date.now().toString(36);
const org = { name: `Riverside Chess Club ${stamp}`, slug: `riverside-${stamp}`, email: `chess-${stamp}@e2e.test` };
const FIRST_PASSWORD = "Riverside-2026-King!";
const colleague = {
  email: `colleague-${stamp}@e2e.test`,
  first: "Carla",
  last: "Colleague",
  password: "Colleague-26-Rook!",
};
const member = { email: `member-${stamp}@e2e.test`, first: "Max", last: "Member", password: "Member-2026-Pawn!" };
const INVITATION = `You are invited to ${org.name} on the Election Platform`;
let shot = 0;

async function snap(page: Page, name: string) {
  shot += 1;
  const file = `test-results/tenant-team/${String(shot).padStart(2, "0")}-${name}.png`;
  await page.screenshot({ path: file, fullPage: true });
}

async function freshPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

/** The organization applies, an owner confirms and approves it; returns the setup link of the welcome email. */
async function provision(owner: Page): Promise<string> {
  await owner.goto("/apply");
  await owner.getByLabel("Organization name").fill(org.name);
  await owner.getByLabel("Address (slug)").fill(org.slug);
  await expect(owner.getByTestId("slug-status")).toHaveText("✓ This address is available.");
  await owner.getByLabel("Type of organization").selectOption("association");
  await owner.getByLabel("Country").selectOption("DE");
  await owner.getByLabel("Expected number of voters").fill("80");
  await owner.getByLabel("First name").fill("Ada");
  await owner.getByLabel("Last name").fill("Lovelace");
  await owner.getByLabel("Email").fill(org.email);
  await owner.getByRole("button", { name: "Submit application" }).click();
  await expect(owner.getByRole("status").filter({ hasText: "Application received" })).toBeVisible();

  await owner.goto("/admin/login");
  await owner.getByLabel("Email").fill(E2E_ADMIN.email);
  await owner.getByLabel("Password").fill(E2E_ADMIN.password);
  await owner.getByRole("button", { name: "Sign in" }).click();
  await expect(owner.getByRole("heading", { name: "Applications" })).toBeVisible();
  await owner.goto(`/admin/applications?q=${org.slug}`);
  await owner.getByRole("link", { name: org.name }).click();
  await owner.getByRole("button", { name: "Confirm for the applicant" }).click();
  await owner.getByRole("button", { name: "Approve and provision" }).click();
  const timeline = owner.getByRole("list", { name: /Provisioning run 1/ });
  await expect(timeline.locator('[data-status="succeeded"]')).toHaveCount(6, { timeout: 30_000 });

  const subject = `${org.name} is ready on the Election Platform`;
  await owner.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Outbox" }).click();
  await owner.getByRole("link", { name: subject }).click();
  const body = owner.frameLocator(`iframe[title="Email: ${subject}"]`);
  return (await body.getByRole("link", { name: "Set your password" }).getAttribute("href")) ?? "";
}

/** The join link of the invitation to `email`, read by the owner in the development mailbox. */
async function joinLink(owner: Page, email: string, screenshot?: string): Promise<string> {
  await owner.goto("/admin/outbox");
  await owner.getByRole("row").filter({ hasText: email }).getByRole("link", { name: INVITATION }).click();
  await expect(owner.getByRole("heading", { name: INVITATION })).toBeVisible();
  await expect(owner.getByText("This is the development mailbox")).toBeVisible();
  const body = owner.frameLocator(`iframe[title="Email: ${INVITATION}"]`);
  const link = (await body.getByRole("link", { name: `Join ${org.name}` }).getAttribute("href")) ?? "";
  expect(link).toMatch(new RegExp(`/${org.slug}/join/[A-Za-z0-9_-]{43}$`));
  if (screenshot) await snap(owner, screenshot);
  return new URL(link).pathname;
}

async function invite(admin: Page, person: typeof member, role: string) {
  const form = admin.getByRole("form", { name: "Invite someone" });
  await form.getByLabel("Email").fill(person.email);
  await form.getByLabel("First name").fill(person.first);
  await form.getByLabel("Last name").fill(person.last);
  await form.getByLabel("Role", { exact: true }).selectOption(role);
  await form.getByRole("button", { name: "Send invitation" }).click();
  await expect(form.getByRole("status")).toContainText(`Invitation sent to ${person.email}.`);
}

async function join(page: Page, path: string, person: typeof member, screenshot: string) {
  await page.goto(path);
  await expect(page.getByRole("heading", { name: `Join ${org.name}` })).toBeVisible();
  await expect(page.getByText(person.email)).toBeVisible();
  await snap(page, screenshot);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByLabel("Repeat the new password").fill(person.password);
  await page.getByRole("button", { name: "Join and sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/${org.slug}$`));
  await expect(page.getByRole("heading", { level: 1, name: org.name, exact: true })).toBeVisible();
}

/** Deactivates the user in the row of `email` on /{slug}/users (asked twice). */
async function deactivate(admin: Page, email: string) {
  const row = admin.getByRole("row").filter({ hasText: email });
  await row.getByRole("button", { name: "Deactivate", exact: true }).click();
  await row.getByRole("button", { name: /^Deactivate and sign (them|yourself) out\?$/ }).click();
  return row;
}

const nav = (page: Page) => page.getByRole("navigation", { name: "Organization" });

test("a tenant admin builds a team: invitations, joining, the committee, deactivation and the last admin", async ({
  page: owner,
  browser,
}) => {
  test.setTimeout(240_000);
  const setupLink = await provision(owner);

  // The first admin sets their password and lands in the space.
  const admin = await freshPage(browser);
  await admin.goto(setupLink);
  await admin.getByLabel("Password", { exact: true }).fill(FIRST_PASSWORD);
  await admin.getByLabel("Repeat the new password").fill(FIRST_PASSWORD);
  await admin.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(admin).toHaveURL(new RegExp(`/${org.slug}$`));
  await snap(admin, "home");

  // Invitations: a colleague as an admin, a third person as a committee member.
  await nav(admin).getByRole("link", { name: "Users" }).click();
  await expect(admin.getByRole("heading", { name: "Users", exact: true })).toBeVisible();
  await invite(admin, colleague, "tenant_admin");
  await invite(admin, member, "committee_member");
  const open = admin.getByRole("list", { name: "Open invitations" });
  await expect(open).toContainText(colleague.email);
  await expect(open).toContainText(member.email);
  await snap(admin, "invitations-sent");

  // The owner reads both links in the development mailbox.
  const memberPath = await joinLink(owner, member.email, "invitation-in-mailbox");
  const colleaguePath = await joinLink(owner, colleague.email);

  // Both join through their links, each in a browser of their own.
  const memberPage = await freshPage(browser);
  await join(memberPage, memberPath, member, "member-join");
  await expect(nav(memberPage).getByRole("link", { name: "Committee" })).toBeVisible();
  const colleaguePage = await freshPage(browser);
  await join(colleaguePage, colleaguePath, colleague, "colleague-join");

  // A link works once.
  await memberPage.goto(memberPath);
  await expect(memberPage.getByRole("heading", { name: "This invitation cannot be used" })).toBeVisible();
  await memberPage.goto(`/${org.slug}`);

  // The colleague adds someone to the committee; both admins see the committee page.
  await nav(colleaguePage).getByRole("link", { name: "Committee" }).click();
  await expect(colleaguePage.getByRole("heading", { name: "Election committee" })).toBeVisible();
  const add = colleaguePage.getByRole("form", { name: "Add a committee member" });
  await add.getByLabel("First name").fill("Clara");
  await add.getByLabel("Last name").fill("Chair");
  await add.getByLabel("Email").fill(member.email);
  await add.getByLabel("Committee role").selectOption("chair");
  await add.getByRole("button", { name: "Add to the committee" }).click();
  await expect(add.getByRole("status")).toContainText("linked to their user account");
  const committee = colleaguePage.getByRole("list", { name: "Committee members" });
  await expect(committee).toContainText(member.email);
  await snap(colleaguePage, "committee-colleague");
  await nav(admin).getByRole("link", { name: "Committee" }).click();
  await expect(admin.getByRole("heading", { name: "Election committee" })).toBeVisible();
  await expect(admin.getByRole("list", { name: "Committee members" })).toContainText("Clara Chair");
  await snap(admin, "committee-first-admin");

  // The colleague deactivates the member; the member's open session ends at their next navigation.
  await nav(colleaguePage).getByRole("link", { name: "Users" }).click();
  const memberRow = await deactivate(colleaguePage, member.email);
  await expect(memberRow.getByRole("button", { name: "Reactivate" })).toBeVisible();
  await expect(memberRow).toContainText("inactive");
  await snap(colleaguePage, "member-deactivated");
  await nav(memberPage).getByRole("link", { name: "Profile" }).click();
  await expect(memberPage).toHaveURL(new RegExp(`/${org.slug}/login$`));
  await expect(memberPage.getByText("Your session has ended. Sign in again.")).toBeVisible();
  await snap(memberPage, "member-session-ended");

  // The first admin deactivates the colleague, then cannot deactivate themselves: the last active admin.
  await nav(admin).getByRole("link", { name: "Users" }).click();
  await expect(await deactivate(admin, colleague.email)).toContainText("inactive");
  await colleaguePage.reload();
  await expect(colleaguePage).toHaveURL(new RegExp(`/${org.slug}/login$`));
  const self = await deactivate(admin, org.email);
  await expect(self.getByRole("alert")).toHaveText(
    `${org.email} is the last active admin of ${org.name}: make someone else an admin first.`,
  );
  await expect(self.getByRole("button", { name: "Deactivate", exact: true })).toBeVisible();
  await snap(admin, "last-admin-refused");
  await admin.reload();
  await expect(admin.getByRole("heading", { name: "Users", exact: true })).toBeVisible();

  for (const page of [admin, memberPage, colleaguePage]) await page.context().close();
});
