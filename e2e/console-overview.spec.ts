// The console's overview and audit log in Chromium: an owner opens /admin and
// sees the figures and the four charts (kept as a screenshot under
// test-results/console-overview/), opens the audit log, filters it by an
// action and downloads the filtered entries as CSV, whose first line is the
// header and whose visitor-typed formula arrives defused.
import { randomBytes, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { e2eQuery } from "./db";
import { E2E_ADMIN } from "./env";
import { expect, test } from "./fixtures";

const FORMULA = '=HYPERLINK("http://evil.example","Click")';

/** Three applications on recent days, one provisioned with its run, and audit entries naming them. */
async function seed() {
  const tag = randomBytes(3).toString("hex");
  const ids: string[] = [];
  for (const [i, status] of (["pending", "provisioning_failed", "provisioned"] as const).entries()) {
    const id = randomUUID();
    ids.push(id);
    await e2eQuery(
      `INSERT INTO tenant_applications (id, reference, organization_name, requested_slug, contact_first_name,
         contact_last_name, contact_email, organization_type, country, expected_voters, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'Ada', 'Lovelace', ?, 'association', 'DE', 100, ?, NOW(3) - INTERVAL ? DAY, NOW(3))`,
      [
        id,
        `E2E-O${i}${tag}`,
        i === 0 ? FORMULA : `Overview ${tag} ${i}`,
        `overview-${tag}-${i}`,
        `ada${i}@${tag}.example`,
        status,
        i * 3,
      ],
    );
  }
  await e2eQuery(
    `INSERT INTO provisioning_runs (id, application_id, driver, status, attempt, started_at, finished_at, duration_ms, updated_at)
     VALUES (?, ?, 'inline', 'succeeded', 1, NOW(3) - INTERVAL 2 DAY, NOW(3) - INTERVAL 2 DAY, 1450, NOW(3))`,
    [randomUUID(), ids[2]],
  );
  await e2eQuery(
    `INSERT INTO audit_logs (actor_type, actor_label, action, application_id, context, created_at) VALUES
       ('applicant', ?, 'application.submitted', ?, ?, NOW(3) - INTERVAL 1 MINUTE),
       ('platform_admin', ?, 'application.approved', ?, '{"notes":"ok"}', NOW(3))`,
    [`ada0@${tag}.example`, ids[0], JSON.stringify({ organizationName: FORMULA }), E2E_ADMIN.email, ids[2]],
  );
  return { submitted: ids[0] as string };
}

test("an owner reads the overview, filters the audit log by an action and exports it as CSV", async ({ page }) => {
  const { submitted } = await seed();
  await page.goto("/admin/login");
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/applications/);

  // The overview: figures, four charts drawn as SVG, and what happened last.
  const nav = page.getByRole("navigation", { name: "Admin" });
  await nav.getByRole("link", { name: "Overview" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Applications" }).getByText("Waiting for review")).toBeVisible();
  for (const chart of ["Applications per day", "Tenants provisioned per day", "Provisioning duration per day"]) {
    await expect(page.getByRole("figure", { name: chart }).locator("svg[role=img]")).toBeVisible();
  }
  await expect(page.getByRole("figure", { name: "Failures per provisioning step" })).toBeVisible();
  await expect(page.getByRole("img", { name: /^Applications per day, / })).toBeVisible();
  const recent = page.getByRole("list", { name: "Recent activity" });
  await expect(recent.getByRole("link", { name: "E2E-O2", exact: false }).first()).toBeVisible();
  await page.screenshot({ path: "test-results/console-overview/overview.png", fullPage: true });

  // The audit log, filtered by one action.
  await nav.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await page.getByLabel("Action").selectOption("application.submitted");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=application\.submitted/);
  const rows = page.getByRole("table").locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  for (const action of await rows.locator("td:nth-child(3)").allInnerTexts())
    expect(action).toBe("application.submitted");
  await rows.first().getByText("Context").click();
  await expect(rows.first().locator("pre")).toContainText('"organizationName"');
  await page.screenshot({ path: "test-results/console-overview/audit-log.png", fullPage: true });

  // The export: the same filter, a header first, the formula arriving as text.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile(await download.path(), "utf8");
  const [first, ...lines] = csv.replace(/^\uFEFF/, "").split("\r\n");
  expect(first).toBe(
    "created_at,id,actor_type,actor_id,actor,action,application_id,application_reference,organization,tenant_id,tenant_slug,ip,user_agent,context",
  );
  const body = lines.filter(Boolean);
  expect(body.length).toBeGreaterThan(0);
  expect(body.every((line) => line.includes(",application.submitted,"))).toBe(true);
  const mine = body.find((line) => line.includes(submitted)) ?? "";
  expect(mine).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
});

test("the applications list pages by cursor: next, previous, last and first", async ({ page }) => {
  const tag = `pager-${randomBytes(3).toString("hex")}`;
  for (let i = 0; i < 30; i++) {
    await e2eQuery(
      `INSERT INTO tenant_applications (id, reference, organization_name, requested_slug, contact_first_name,
         contact_last_name, contact_email, organization_type, country, expected_voters, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'Ada', 'Lovelace', ?, 'association', 'DE', 100, 'rejected', NOW(3) - INTERVAL ? MINUTE, NOW(3))`,
      [randomUUID(), `E2E-P${i}${tag.slice(-6)}`, `Pager ${i}`, `${tag}-${i}`, `p${i}@${tag}.example`, i],
    );
  }
  await page.goto("/admin/login");
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/applications/);
  await page.goto(`/admin/applications?q=${tag}`);
  const pager = page.getByRole("navigation", { name: "Pages" });
  const rows = page.getByRole("table", { name: "Applications" }).locator("tbody tr");
  await expect(pager).toContainText("25 shown of 30 matching");
  await expect(rows.first()).toContainText(`${tag}-0`);

  await pager.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/after=/);
  await expect(rows).toHaveCount(5);
  await expect(rows.last()).toContainText(`${tag}-29`);
  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Previous" }).click();
  await expect(page).toHaveURL(/before=/);
  await expect(rows).toHaveCount(25);
  await expect(rows.first()).toContainText(`${tag}-0`);

  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Last" }).click();
  await expect(page).toHaveURL(/last=1/);
  await expect(rows.last()).toContainText(`${tag}-29`);
  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "First" }).click();
  await expect(rows.first()).toContainText(`${tag}-0`);
  await expect(page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Previous" })).toHaveCount(0);
});
