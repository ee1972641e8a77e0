import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { adminPage } from "@/lib/auth/admin-page";
import { getTenantDetail } from "@/lib/operations/tenant-detail";
import { can } from "@/lib/platform/permissions";
import { TenantStatusBadges } from "../tenant-badges";
import { AuditCard } from "./audit-card";
import { backupView, deletionView } from "./backup-view";
import { BackupsCard } from "./backups-card";
import { ChecksForm } from "./checks-form";
import { DatabaseCard } from "./database-card";
import { DeletionPanel } from "./deletion-panel";
import { EmailsCard } from "./emails-card";
import { type HoldView, MaintenanceForm } from "./maintenance-form";
import { PeopleCard } from "./people-card";
import { ProvisioningCard } from "./provisioning-card";
import { ReissueForm } from "./reissue-form";
import { RestoreForm } from "./restore-form";
import { ServerCard } from "./server-card";
import { StatusForm } from "./status-form";

export const metadata: Metadata = { title: "Tenant" };
export const dynamic = "force-dynamic";

export default async function TenantPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // The layout redirects too, but renders in parallel with the page: check here as well.
  const session = await adminPage();
  // A role that may not operate tenants sees the tenant, not the buttons (the actions refuse it anyway).
  const mayOperate = can(session.role, "tenants.operate");
  // Restore, delete, undelete and the downloads are the owners' alone.
  const mayDestroy = can(session.role, "tenants.destroy");
  const { slug } = await params;
  const { olderThan } = await searchParams;
  const detail = await getTenantDetail(slug, { olderThan: typeof olderThan === "string" ? olderThan : undefined });
  if (!detail) notFound();
  const { tenant } = detail;
  const deleted = tenant.deletedAt !== null;
  const holds: HoldView[] = detail.holds.map((h) => ({
    id: h.id,
    kind: h.kind,
    owner: h.owner,
    message: h.message,
    endsAt: h.endsAt?.toISOString() ?? null,
    createdAt: h.createdAt.toISOString(),
  }));
  const now = new Date();
  const backups = detail.backups.ok ? detail.backups.value.map((b) => backupView(b, now)) : [];
  const deletion = detail.deletion ? deletionView(detail.deletion, now) : null;

  return (
    <div className="space-y-6">
      <div>
        <Link href="/admin/tenants" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
          ← Tenants
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold tracking-tight">{tenant.name}</h1>
          <TenantStatusBadges status={tenant.status} deleted={deleted} maintenance={detail.holds.map((h) => h.kind)} />
        </div>
        <p className="mt-1 text-sm text-slate-500">
          <span className="font-mono">/{tenant.slug}</span> · {tenant.email}
        </p>
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <DatabaseCard detail={detail} />
          <ServerCard slug={tenant.slug} server={detail.server} mayDestroy={mayDestroy} deleted={deleted} />
          <PeopleCard detail={detail} />
          <ProvisioningCard detail={detail} />
          <EmailsCard emails={detail.emails} />
          <BackupsCard
            slug={tenant.slug}
            backups={backups}
            error={detail.backups.ok ? null : detail.backups.error}
            busy={detail.busy}
            mayOperate={mayOperate}
            mayDownload={mayDestroy}
          />
          <AuditCard slug={tenant.slug} page={detail.audit} paged={typeof olderThan === "string"} />
        </div>
        <div className="space-y-6">
          {mayOperate ? (
            <>
              {!deleted && tenant.status !== "inactive" && (
                <StatusForm slug={tenant.slug} suspended={tenant.status === "suspended"} />
              )}
              <MaintenanceForm slug={tenant.slug} holds={holds} deleted={deleted} />
              {tenant.status === "active" && !deleted && (
                <ReissueForm slug={tenant.slug} admins={detail.admins.ok ? detail.admins.value : []} />
              )}
              {!deleted && <ChecksForm slug={tenant.slug} />}
            </>
          ) : (
            <MaintenanceForm slug={tenant.slug} holds={holds} deleted={deleted} readOnly />
          )}
          {mayDestroy && <RestoreForm slug={tenant.slug} backups={backups} deleted={deleted} busy={detail.busy} />}
          {(mayDestroy || deleted) && (
            <DeletionPanel
              slug={tenant.slug}
              deleted={deleted}
              deletion={deletion}
              mayDestroy={mayDestroy}
              busy={detail.busy}
            />
          )}
        </div>
      </div>
    </div>
  );
}
