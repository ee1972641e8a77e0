import type { Metadata } from "next";
import { adminPage } from "@/lib/auth/admin-page";
import { env } from "@/lib/env";
import { DEFAULT_PAGE_SIZE, listApplicationsParams } from "@/lib/platform/applications/list-params";
import { listOutbox } from "@/lib/platform/outbox";
import { OutboxTable } from "./outbox-table";

export const metadata: Metadata = { title: "Outbox" };
export const dynamic = "force-dynamic";

export default async function OutboxPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // The layout redirects too, but renders in parallel with the page: check here as well.
  await adminPage();
  const raw = await searchParams;
  // The same page and page-size rules as the applications list.
  const { page, pageSize } = listApplicationsParams.pick({ page: true, pageSize: true }).parse({
    page: raw.page,
    pageSize: raw.pageSize ?? DEFAULT_PAGE_SIZE,
  });
  const outbox = await listOutbox({ page, pageSize });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Outbox</h1>
        <p className="mt-1 text-sm text-slate-600">
          Every email the platform sent or queued, newest first.{" "}
          {env().RESEND_API_KEY
            ? "Emails are delivered through Resend."
            : "Resend is not configured, so emails stay here: open one to read it as the recipient would."}
        </p>
      </div>
      <OutboxTable page={outbox} />
    </div>
  );
}
