// Reading the outbox as the admin console does, and the application emails'
// templates rendering on their own from their preview props.
import { render } from "@react-email/render";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { ApplicationReceivedEmail } from "@/emails/application-received";
import { ApplicationRejectedEmail } from "@/emails/application-rejected";
import { sendEmail } from "@/lib/mail/send";
import { listOutbox, viewOutboxEmail } from "@/lib/platform/outbox";

describe("the application email templates", () => {
  it("render alone from their preview props", async () => {
    const received = await render(createElement(ApplicationReceivedEmail, ApplicationReceivedEmail.PreviewProps));
    expect(received).toContain("APP-7K3M-Q9XD");
    expect(received).toContain("http://localhost:3000/example-su");
    expect(received).toContain("Students&#x27; Union of Example University");

    const rejected = await render(createElement(ApplicationRejectedEmail, ApplicationRejectedEmail.PreviewProps));
    expect(rejected).toContain("We could not confirm that you represent the organization.");
    expect(rejected).toContain("white-space:pre-line");
  });

  it("escape whatever the applicant or reviewer typed", async () => {
    const html = await render(
      createElement(ApplicationRejectedEmail, {
        ...ApplicationRejectedEmail.PreviewProps,
        organizationName: `<script>alert(1)</script>`,
        reason: `<a href="javascript:alert(1)">click</a>`,
      }),
    );
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).not.toContain(`<a href="javascript:alert(1)">`);
    expect(html).toContain("&lt;script&gt;");
  });
});

const VIEWER = { type: "platform_admin" as const, id: "1", label: "viewer@example.org", ip: "192.0.2.7" };

describe("listing the outbox", () => {
  it("lists newest first, pages, clamps a page past the end, and reads one email whole", async () => {
    for (let i = 0; i < 7; i++) {
      await sendEmail({
        template: "application-received",
        to: `reader${i}@example.org`,
        subject: `Email ${i}`,
        react: createElement(ApplicationReceivedEmail, {
          ...ApplicationReceivedEmail.PreviewProps,
          reference: `APP-TEST-000${i}`,
        }),
        idempotencyKey: `outbox-test:${i}`,
      });
      await new Promise((resolve) => setTimeout(resolve, 5)); // distinct created_at
    }
    const first = await listOutbox({ page: 1, pageSize: 3 });
    expect(first).toMatchObject({ total: 7, page: 1, pageCount: 3 });
    expect(first.rows.map((r) => r.subject)).toEqual(["Email 6", "Email 5", "Email 4"]);
    const last = await listOutbox({ page: 3, pageSize: 3 });
    expect(last.rows.map((r) => r.subject)).toEqual(["Email 0"]);
    expect((await listOutbox({ page: 99, pageSize: 3 })).page).toBe(3);

    const view = await viewOutboxEmail(first.rows[0]?.id as string, VIEWER, { mayReadSecrets: true });
    expect(view?.email).toMatchObject({
      toAddress: "reader6@example.org",
      status: "stored",
      template: "application-received",
    });
    expect(view?.html).toContain("APP-TEST-0006");
    expect(view?.text).toContain("APP-TEST-0006");
    expect(view).toMatchObject({ revealed: false, carriesSecrets: false });
    expect(await viewOutboxEmail("no-such-id", VIEWER, { mayReadSecrets: true })).toBeNull();
  });
});
