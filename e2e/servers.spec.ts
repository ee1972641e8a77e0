// The database servers in the console, in Chromium, with the one server the
// e2e portal has: an owner finds the Servers page in the navigation, sees the
// first server ("primary") and refreshes its figures; cordoning it alone is
// refused (new tenants need somewhere to go); an address that does not answer
// is refused with the reason and adds no row; a second entry for the same
// MariaDB (as localhost) is added, the first server is cordoned and
// uncordoned, and the entry is removed with a reason. A tenant's page shows
// its server and database user, and an owner resets its credentials. A
// reviewer gets no Servers link and is refused the page by its address.
// Screenshots under test-results/servers/. (Moves between two real servers are
// tested in vitest: tests/servers-console.test.ts.)
import type { Locator, Page } from "@playwright/test";
import bcrypt from "bcryptjs";
import { adminSignIn, applyAndProvision } from "./console";
import { e2eQuery } from "./db";
import { expect, test } from "./fixtures";

const stamp = Date.now().toString(36);
const org = {
  name: `Lakeside Rowing Club ${stamp}`,
  slug: `lakeside-${stamp}`,
  email: `row-${stamp}@e2e.test`,
  contact: { firstName: "Ada", lastName: "Rower", country: "AT", voters: 30 },
};
const reviewer = { email: `servers-reviewer-${stamp}@e2e.test`, password: "Reviewer-2026-Oarlock!" };

async function snap(page: Page, name: string) {
  await page.screenshot({ path: `test-results/servers/${name}.png`, fullPage: true });
}

/** Clicks a button, then again once it asks (components/ui/confirm-button.tsx). */
async function confirm(scope: Locator, button: string, again: string | RegExp) {
  await scope.getByRole("button", { name: button, exact: true }).click();
  await scope.getByRole("button", { name: again }).click();
}

const serverRow = (page: Page, name: string) =>
  page.locator("table tbody tr").filter({ has: page.getByText(name, { exact: true }) });

test("an owner runs the database servers; a tenant's page shows its server; a reviewer cannot open them", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await applyAndProvision(page, org);

  // The Servers page, from the navigation: the first server, its figures refreshed now.
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Servers" }).click();
  await expect(page.getByRole("heading", { name: "Database servers" })).toBeVisible();
  const rows = page.locator("table tbody tr");
  await expect(rows).toHaveCount(1);
  const primary = serverRow(page, "primary");
  await expect(primary).toContainText("127.0.0.1:3306");
  await expect(primary).toContainText("Active");
  await page.getByRole("button", { name: "Refresh figures now" }).click();
  await expect(page.getByText("Figures of 1 server(s) refreshed.")).toBeVisible();
  await expect(primary).not.toContainText("never");
  await expect(primary).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
  await expect(primary).toContainText("open_files_limit");
  await expect(primary).toContainText("table_open_cache");
  await expect(primary).toContainText(/\d+ \/ 2,000/); // its tenants against its capacity
  await snap(page, "servers");

  // Alone, it cannot be cordoned: new tenants would have nowhere to go.
  await confirm(primary, "Cordon", "Cordon primary?");
  await expect(primary.getByRole("alert")).toHaveText(
    "primary is the only active server: add or uncordon another first.",
  );
  await expect(primary).toContainText("Active");

  // An address that does not answer: refused with the reason, nothing added.
  const add = page.getByRole("form", { name: "Add a server" });
  await add.getByLabel("Name").fill("nowhere");
  await add.getByLabel("Host").fill("127.0.0.1");
  await add.getByLabel("Port").fill("1");
  await add.getByRole("button", { name: "Add server" }).click();
  await expect(add.getByRole("alert").first()).toContainText(
    "Cannot reach the MySQL/MariaDB server at 127.0.0.1:1 as root",
  );
  await page.reload();
  await expect(rows).toHaveCount(1);
  await expect(page.getByText("nowhere", { exact: true })).toHaveCount(0);

  // The same MariaDB under another address answers: added, so the first server can be cordoned and uncordoned.
  await add.getByLabel("Name").fill("alias");
  await add.getByLabel("Host").fill("localhost");
  await add.getByLabel("Port").fill("3306");
  await add.getByRole("button", { name: "Add server" }).click();
  await expect(add.getByRole("status")).toHaveText("Added alias (localhost:3306): it takes new tenants now.");
  await expect(rows).toHaveCount(2);
  await confirm(primary, "Cordon", "Cordon primary?");
  await expect(primary.getByRole("status")).toHaveText("primary is cordoned: it takes no new tenants.");
  await expect(primary).toContainText("Cordoned");
  await snap(page, "cordoned");
  await confirm(primary, "Uncordon", "Uncordon primary?");
  await expect(primary.getByRole("status")).toHaveText("primary is active: new tenants may be placed on it.");
  await expect(primary).toContainText("Active");

  // Removing asks why, then twice.
  const alias = serverRow(page, "alias");
  await alias.getByText("Remove…").click();
  const remove = alias.getByRole("form", { name: "Remove alias" });
  await remove.getByRole("button", { name: "Remove", exact: true }).click();
  await remove.getByRole("button", { name: "Click again to remove alias" }).click();
  await expect(remove.getByRole("alert")).toContainText("Say why");
  await remove.getByLabel("Reason (kept in the audit log)").fill("Only there for the browser test");
  await confirm(remove, "Remove", "Click again to remove alias");
  await expect(rows).toHaveCount(1);
  const [removed] = await e2eQuery<{ n: bigint }>(
    "SELECT COUNT(*) AS n FROM audit_logs WHERE action = 'server.removed' AND JSON_VALUE(context, '$.reason') = ?",
    ["Only there for the browser test"],
  );
  expect(Number(removed?.n)).toBe(1);

  // The tenant's page: its server and its own database user, and new credentials for an owner.
  await page.goto(`/admin/tenants/${org.slug}`);
  await expect(page.getByRole("heading", { level: 1, name: org.name })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Database server" })).toBeVisible();
  await expect(page.getByTestId("tenant-server")).toHaveText("primary");
  await expect(page.getByTestId("tenant-credential-user")).toHaveText(/^t_[0-9a-f]{20}_a$/);
  await expect(page.getByText("No other active server to move it to")).toBeVisible();
  const reset = page.getByRole("form", { name: "Reset database credentials" });
  await reset.getByLabel("Reason (kept in the audit log)").fill("Routine rotation, ticket 99");
  await confirm(reset, "Reset database credentials", "Click again to change its database password");
  await expect(page.getByText(/the tenant now connects as t_[0-9a-f]{20}_b/)).toBeVisible();
  await expect(page.getByTestId("tenant-credential-user")).toHaveText(/^t_[0-9a-f]{20}_b$/);
  await snap(page, "tenant-server-card");

  // A reviewer: no Servers link, and the address sends them to "not for your role".
  await e2eQuery(
    "INSERT INTO users (email, name, password_hash, role, updated_at) VALUES (?, 'Servers Reviewer', ?, 'reviewer', NOW(3))",
    [reviewer.email, await bcrypt.hash(reviewer.password, 10)],
  );
  const other = await (await browser.newContext()).newPage();
  await adminSignIn(other, reviewer.email, reviewer.password);
  const nav = other.getByRole("navigation", { name: "Admin" });
  await expect(nav.getByRole("link", { name: "Tenants" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Servers" })).toHaveCount(0);
  await other.goto("/admin/servers");
  await expect(other).toHaveURL(/\/admin\/forbidden\?need=tenants\.destroy/);
  await expect(other.getByRole("heading", { name: "You cannot open that page" })).toBeVisible();
  await expect(other.getByText("127.0.0.1:3306")).toHaveCount(0);
  // Its tenant page shows the server card, without the owners' forms.
  await other.goto(`/admin/tenants/${org.slug}`);
  await expect(other.getByTestId("tenant-server")).toHaveText("primary");
  await expect(other.getByRole("form", { name: "Reset database credentials" })).toHaveCount(0);
  await expect(other.getByRole("form", { name: "Move to another server" })).toHaveCount(0);
  await other.context().close();
});
