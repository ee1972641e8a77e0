// A tenant's backups, deletion and restore from the console, in Chromium: an
// owner provisions a tenant (whose admin sets a password), backs it up and
// verifies the backup, downloads it; the tenant's admin then changes their
// password. The owner deletes the tenant (typing its slug; a wrong one is
// refused and nothing happens), which signs its admin out; undeletes it; and
// restores it from the first backup: the admin signs in again with the
// password the backup holds, and not with the later one. Screenshots under
// test-results/tenant-backups/. (Provisioning is e2e/console.ts's.)
import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type { Browser, Locator, Page } from "@playwright/test";
import { quoteIdentifier } from "@/lib/db/identifiers";
import { applyAndProvision } from "./console";
import { e2eQuery } from "./db";
import { E2E_ADMIN } from "./env";
import { expect, test } from "./fixtures";

const stamp = Date.now().toString(36);
const org = {
  name: `Harbour Sailing Club ${stamp}`,
  slug: `harbour-${stamp}`,
  email: `sail-${stamp}@e2e.test`,
  contact: { firstName: "Grace", lastName: "Hopper", country: "NL", voters: 60 },
};
const CHOSEN = "Sail-2026-Anchor!";
const LATER = "Sail-2027-Mooring!";
// e2e/server.ts's BACKUP_DIR, relative to the checkout the server runs in.
const BACKUPS = path.join(".data/e2e-backups", org.slug);

async function snap(page: Page, name: string) {
  await page.screenshot({ path: `test-results/tenant-backups/${name}.png`, fullPage: true });
}

/** The welcome email's setup link, as the development mailbox shows it to an owner. */
async function setupLink(page: Page): Promise<string> {
  await page.goto("/admin/outbox");
  await page.getByRole("link", { name: `${org.name} is ready on the Election Platform` }).click();
  await expect(page.getByText("This is the development mailbox")).toBeVisible();
  const body = page.frameLocator(`iframe[title="Email: ${org.name} is ready on the Election Platform"]`);
  return (await body.getByRole("link", { name: "Set your password" }).getAttribute("href")) ?? "";
}

/** A browser of the tenant admin's own. */
async function tenantBrowser(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

async function signIn(tenant: Page, password: string) {
  await tenant.goto(`/${org.slug}/login`);
  await tenant.getByLabel("Email").fill(org.email);
  await tenant.getByLabel("Password").fill(password);
  await tenant.getByRole("button", { name: "Sign in" }).click();
}

/** Clicks an action's button, then again to confirm (components/ui/confirm-button.tsx). */
async function confirm(form: Locator, button: string) {
  await form.getByRole("button", { name: button }).click();
  await form.getByRole("button", { name: /Click again/ }).click();
}

test.afterAll(async () => {
  // The global teardown drops each tenant's current database; a restore leaves its previous one,
  // provisioning a database user of the tenant's own, and the backups their files.
  const made = await e2eQuery<{ name: string; kind: "database" | "user"; role: string }>(
    `SELECT c.name, c.kind, c.role FROM database_catalog c JOIN tenants t ON t.id = c.tenant_id WHERE t.slug = ?`,
    [org.slug],
  );
  for (const { name, kind, role } of made) {
    if (kind === "database" && role !== "current") await e2eQuery(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`);
    if (kind === "user" && /^t_[0-9a-f]{20}_[ab]$/.test(name)) await e2eQuery(`DROP USER IF EXISTS '${name}'@'%'`);
  }
  rmSync(BACKUPS, { recursive: true, force: true });
});

test("an owner backs a tenant up, deletes it, undeletes it and restores it from the console", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000); // a provisioning, three backups, two verifications and a restore, on a busy machine
  await applyAndProvision(page, org);
  const tenant = await tenantBrowser(browser);
  await tenant.goto(await setupLink(page));
  await tenant.getByLabel("Password", { exact: true }).fill(CHOSEN);
  await tenant.getByLabel("Repeat the new password").fill(CHOSEN);
  await tenant.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(tenant).toHaveURL(new RegExp(`/${org.slug}$`));

  // Back up now: a tenant this small is done before the action answers.
  await page.goto(`/admin/tenants/${org.slug}`);
  await expect(page.getByRole("heading", { level: 1, name: org.name })).toBeVisible();
  await page.getByRole("button", { name: "Back up now" }).click();
  await expect(page.getByText(/^Backed up: .+, [\d,]+ rows, in [\d.]+ s\.$/)).toBeVisible({ timeout: 30_000 });
  const backups = page.getByRole("list", { name: "Backups" });
  await expect(backups.getByRole("listitem")).toHaveCount(1);
  const first = backups.getByRole("listitem").first();
  await expect(first).toContainText("good");
  await expect(first).toContainText(`manual · by ${E2E_ADMIN.email}`);
  await first.getByRole("button", { name: "Verify" }).click();
  // Answered at once when it is quick; on a busy machine it goes on in the portal and the list shows the result.
  await expect(
    page.getByText("Verified: restored into a scratch database").or(page.getByText("Verifying; the list shows")),
  ).toBeVisible({ timeout: 30_000 });
  await expect(first).toContainText("verified", { timeout: 60_000 });
  // The owner's download is the encrypted file as stored.
  const file = await page.request.get(
    (await first.getByRole("link", { name: "Encrypted file" }).getAttribute("href")) ?? "",
  );
  expect(file.status()).toBe(200);
  expect(file.headers()["content-disposition"]).toMatch(/^attachment; filename=".+\.sql\.gz\.aes"$/);
  const [stored] = readdirSync(BACKUPS).filter((name) => name.endsWith(".sql.gz.aes"));
  expect((await file.body()).equals(readFileSync(path.join(BACKUPS, stored ?? "")))).toBe(true);
  await snap(page, "backed-up");

  // After the backup, the tenant's admin changes their password.
  await tenant.goto(`/${org.slug}/change-password`);
  await tenant.getByLabel("Current password").fill(CHOSEN);
  await tenant.getByLabel("New password", { exact: true }).fill(LATER);
  await tenant.getByLabel("Repeat the new password").fill(LATER);
  await tenant.getByRole("button", { name: "Change password" }).click();
  await expect(tenant).toHaveURL(new RegExp(`/${org.slug}$`));

  // Delete: a slug typed wrong is refused in the form, and nothing happens.
  const remove = page.getByRole("form", { name: "Delete tenant" });
  await remove.getByLabel(`Type ${org.slug} to confirm`).fill("harbour");
  await remove.getByLabel("Reason (kept in the audit log)").fill("The club asked us to close its space");
  await remove.getByRole("button", { name: "Delete tenant" }).click();
  await expect(remove.getByText("That is not this tenant's slug")).toBeVisible();
  await expect(page.getByText("Active", { exact: true }).first()).toBeVisible();
  await remove.getByLabel(`Type ${org.slug} to confirm`).fill(org.slug);
  await remove.getByRole("button", { name: "Delete tenant" }).click();
  await expect(page.getByText(/^Deleted after a verified backup; \d+ session\(s\) ended\./)).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByText("Deleted", { exact: true }).first()).toBeVisible();
  await expect(page.getByTestId("purge-after")).toContainText("may drop it after");
  await expect(backups.getByRole("listitem").first()).toContainText("before deletion");
  await snap(page, "deleted");
  // Its admin is out at once.
  await tenant.goto(`/${org.slug}`);
  await expect(tenant).toHaveURL(new RegExp(`/${org.slug}/login$`));

  // Undelete: back as it was.
  const undelete = page.getByRole("form", { name: "Undelete tenant" });
  await undelete.getByLabel("Reason (kept in the audit log)").fill("The club changed its mind");
  await confirm(undelete, "Undelete tenant");
  await expect(page.getByText("Undeleted: it is active again, as it was before.")).toBeVisible();
  await expect(page.getByRole("form", { name: "Delete tenant" })).toBeVisible();

  // Restore from the first backup, the one taken before the password change.
  const restore = page.getByRole("form", { name: "Restore from a backup" });
  const manual = await restore.locator("option", { hasText: "manual" }).getAttribute("value");
  await restore.getByLabel("Backup").selectOption(manual ?? "");
  await restore.getByLabel(`Type ${org.slug} to confirm`).fill(org.slug);
  await restore.getByLabel("Reason (kept in the audit log)").fill("Roll back to before the password change");
  await restore.getByRole("button", { name: "Restore tenant" }).click();
  await expect(page.getByText(/^Restored from the backup of .+: the tenant now uses tenant_\w+\. /)).toBeVisible({
    timeout: 60_000,
  });
  await page.reload();
  await expect(page.getByRole("list", { name: "Audit trail" })).toContainText(
    "Roll back to before the password change",
  );
  await snap(page, "restored");
  await tenant.context().close();

  // The tenant's admin signs in again, with the password the backup holds.
  const again = await tenantBrowser(browser);
  await signIn(again, LATER);
  await expect(again.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText(
    "Wrong email or password, or this account cannot sign in here.",
  );
  await again.getByLabel("Password").fill(CHOSEN);
  await again.getByRole("button", { name: "Sign in" }).click();
  await expect(again).toHaveURL(new RegExp(`/${org.slug}$`));
  await expect(again.getByRole("heading", { level: 1, name: org.name, exact: true })).toBeVisible();
  await snap(again, "signed-in-after-restore");
  await again.context().close();
});
