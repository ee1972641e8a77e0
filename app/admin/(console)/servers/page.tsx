import type { Metadata } from "next";
import { Card, CardTitle } from "@/components/ui/card";
import { adminPage } from "@/lib/auth/admin-page";
import { serversOverview } from "@/lib/operations/server-overview";
import { AddServerForm } from "./add-server-form";
import { DrainProgress } from "./drain-progress";
import { RefreshFiguresButton } from "./refresh-figures-button";
import { ServersTable } from "./servers-table";

export const metadata: Metadata = { title: "Database servers" };
export const dynamic = "force-dynamic";

// The owners' alone, to look at too: the issue gives servers to owners only, and the page names every
// server's address and admin user, which is more of the infrastructure than reviewing and operating need.
// A tenant's own page shows everyone which server it is on.
export default async function ServersPage() {
  await adminPage("tenants.destroy");
  const overview = await serversOverview();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold tracking-tight">Database servers</h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">
            Where tenant databases live. A new tenant goes to the active server with the most headroom; a cordoned
            server takes no new tenants; draining moves every tenant off. Figures are refreshed every{" "}
            {overview.refreshMinutes} minute(s) by the background job.
          </p>
        </div>
        <RefreshFiguresButton />
      </div>
      <DrainProgress servers={overview.servers} />
      <ServersTable servers={overview.servers} />
      <Card className="max-w-3xl space-y-4">
        <CardTitle>Add a server</CardTitle>
        <AddServerForm defaultCapacity={overview.defaultCapacity} />
      </Card>
    </div>
  );
}
