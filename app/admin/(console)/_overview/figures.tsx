// The overview's figures: each a number, what it counts, and a link to the
// list that shows those rows.
import Link from "next/link";
import type { ReactNode } from "react";
import { formatDateTime, formatNumber } from "@/components/data-table/format";
import { cn } from "@/components/ui/cn";
import type { Overview } from "@/lib/operations/overview";

function Figure({
  label,
  value,
  href,
  tone = "plain",
  note,
}: {
  label: string;
  value: number | string;
  href?: string;
  tone?: "plain" | "warn";
  note?: string;
}) {
  const body = (
    <>
      <dt className="text-xs font-medium text-slate-600">{label}</dt>
      <dd
        className={cn(
          "mt-1",
          typeof value === "string"
            ? "text-sm font-medium text-slate-500"
            : cn("text-2xl font-semibold tabular-nums", tone === "warn" ? "text-rose-700" : "text-slate-900"),
        )}
      >
        {typeof value === "number" ? formatNumber(value) : value}
      </dd>
      {note && <dd className="mt-1 text-xs text-slate-500">{note}</dd>}
    </>
  );
  const box = "block rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200";
  return href ? (
    <Link href={href} className={cn(box, "hover:ring-indigo-300")}>
      <dl>{body}</dl>
    </Link>
  ) : (
    <div className={box}>
      <dl>{body}</dl>
    </div>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title}>
      <h2 className="text-sm font-semibold text-slate-900">{title}</h2>
      <div className="mt-2 grid grid-cols-1 gap-3 sm:grid-cols-3">{children}</div>
    </section>
  );
}

export function Figures({ overview }: { overview: Overview }) {
  const { applications, tenants, databases } = overview;
  const measured = databases.measured > 0;
  const notMeasured = "not measured yet";
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <Group title="Applications">
        <Figure label="Waiting for review" value={applications.pending} href="/admin/applications?status=pending" />
        <Figure
          label="In provisioning"
          value={applications.inProvisioning}
          href="/admin/applications?status=provisioning_started"
        />
        <Figure
          label="Provisioning failed"
          value={applications.failed}
          tone={applications.failed > 0 ? "warn" : "plain"}
          href="/admin/applications?status=provisioning_failed"
        />
      </Group>
      <Group title="Tenants">
        <Figure label="Active" value={tenants.active} href="/admin/tenants?tab=active" />
        <Figure label="Suspended" value={tenants.suspended} href="/admin/tenants?tab=suspended" />
        <Figure label="In maintenance" value={tenants.inMaintenance} href="/admin/tenants?tab=maintenance" />
      </Group>
      <Group title="Tenant databases">
        <Figure
          label="Pending migrations"
          value={measured ? databases.pendingMigrations : notMeasured}
          tone={databases.pendingMigrations > 0 ? "warn" : "plain"}
          href="/admin/tenants"
        />
        <Figure
          label="Failing health"
          value={measured ? databases.failingHealth : notMeasured}
          tone={databases.failingHealth > 0 ? "warn" : "plain"}
          href="/admin/tenants"
        />
        <Figure
          label="Measured"
          value={measured ? databases.measured : notMeasured}
          note={[
            databases.unmeasured > 0 && measured ? `${formatNumber(databases.unmeasured)} not measured yet` : "",
            databases.oldestRefresh ? `oldest snapshot ${formatDateTime(databases.oldestRefresh)}` : "",
          ]
            .filter(Boolean)
            .join(" · ")}
        />
      </Group>
    </div>
  );
}
