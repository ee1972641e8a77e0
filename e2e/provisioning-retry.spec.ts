// A run that fails is rolled back and shown as failed on the application's
// page; the admin retries it there and watches the timeline reach provisioned.
import { randomBytes, randomUUID } from "node:crypto";
import { e2eQuery } from "./db";
import { E2E_ADMIN } from "./env";
import { expect, test } from "./fixtures";

test("a failed provisioning run is rolled back, shown, and retried from the application page", async ({ page }) => {
  const slug = `retry-${randomBytes(3).toString("hex")}`;
  const applicationId = randomUUID();
  await e2eQuery(
    `INSERT INTO tenant_applications (id, reference, organization_name, requested_slug, contact_first_name, contact_last_name,
       contact_email, organization_type, country, expected_voters, status, updated_at)
     VALUES (?, ?, 'Retry Cooperative', ?, 'Grace', 'Hopper', ?, 'association', 'NL', 80, 'pending', NOW(3))`,
    [applicationId, `E2E-${randomBytes(4).toString("hex")}`, slug, `grace@${slug}.example`],
  );
  // A tenant made outside any application holds the slug: the run cannot finish.
  const blockerId = randomUUID();
  await e2eQuery(
    "INSERT INTO tenants (id, name, slug, email, database_name, status, updated_at) VALUES (?, 'Squatter', ?, 's@example.org', ?, 'inactive', NOW(3))",
    [blockerId, slug, `tenant_${slug.replaceAll("-", "_")}`],
  );

  await page.goto("/admin/login");
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/applications/);

  await page.goto(`/admin/applications/${applicationId}`);
  await page.getByRole("button", { name: "Approve and provision" }).click();
  const timeline = page.getByRole("list", { name: /Provisioning run 1/ });
  await expect(timeline.locator('[data-step="create-tenant-record"]')).toHaveAttribute("data-status", "failed");
  await expect(page.getByText(/already belongs to another tenant/).first()).toBeVisible();
  await page.screenshot({ path: "test-results/provisioning/failed-run.png", fullPage: true });

  await e2eQuery("DELETE FROM tenants WHERE id = ?", [blockerId]);
  await page.getByRole("button", { name: "Retry provisioning" }).click();
  const second = page.getByRole("list", { name: /Provisioning run 2/ });
  await expect(second.locator('[data-step="activate-tenant"]')).toHaveAttribute("data-status", "succeeded", {
    timeout: 30_000,
  });
  await expect(second.locator('[data-status="succeeded"]')).toHaveCount(6);
  await page.screenshot({ path: "test-results/provisioning/retried-run.png", fullPage: true });

  await expect(page.getByText("Provisioned", { exact: true }).first()).toBeVisible();

  // The outcome in the landlord database: run 1 failed, run 2 succeeded, and the
  // application is provisioned with an active tenant of its own whose database exists.
  await expect
    .poll(async () => {
      const runs = await e2eQuery<{ attempt: number; status: string }>(
        "SELECT attempt, status FROM provisioning_runs WHERE application_id = ? ORDER BY attempt",
        [applicationId],
      );
      return runs.map((run) => `${run.attempt}:${run.status}`);
    })
    .toEqual(["1:failed", "2:succeeded"]);
  const [outcome] = await e2eQuery<{ application: string; tenant: string; slug: string; database_name: string }>(
    `SELECT a.status AS application, t.status AS tenant, t.slug, t.database_name
       FROM tenant_applications a JOIN tenants t ON t.id = a.tenant_id
      WHERE a.id = ?`,
    [applicationId],
  );
  expect(outcome).toMatchObject({ application: "provisioned", tenant: "active", slug });
  const databases = await e2eQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", [
    outcome?.database_name,
  ]);
  expect(databases).toHaveLength(1);
});
