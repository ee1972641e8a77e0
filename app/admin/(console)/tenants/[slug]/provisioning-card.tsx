// The tenant's application and its provisioning runs, newest first.
import Link from "next/link";
import { formatDateTime } from "@/components/data-table/format";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import type { TenantDetail } from "@/lib/operations/tenant-detail";
import { formatMs, StepRow } from "../../applications/[id]/step-row";

const RUN_TONES = { queued: "gray", running: "blue", succeeded: "green", failed: "red" } as const;

export function ProvisioningCard({ detail }: { detail: TenantDetail }) {
  const [application] = detail.applications;
  return (
    <Card className="space-y-4">
      <CardTitle>Application and provisioning</CardTitle>
      {application ? (
        <p className="text-sm">
          <Link href={`/admin/applications/${application.id}`} className="font-medium text-indigo-700 hover:underline">
            {application.organizationName}
          </Link>{" "}
          <span className="font-mono text-xs text-slate-500">{application.reference}</span> · {application.status} ·
          submitted {formatDateTime(application.createdAt)}
        </p>
      ) : (
        <p className="text-sm text-slate-500">No application is linked to this tenant (restored side by side?).</p>
      )}
      {detail.runs.map((run) => (
        <details key={run.id} open={run === detail.runs[0]} className="text-sm">
          <summary className="cursor-pointer">
            Run {run.attempt} <Badge tone={RUN_TONES[run.status]}>{run.status}</Badge>{" "}
            <span className="text-slate-500">
              via {run.driver}, {formatDateTime(run.startedAt ?? run.createdAt)}
              {run.durationMs !== null && `, took ${formatMs(run.durationMs)}`}
            </span>
          </summary>
          <ol className="mt-3" aria-label={`Provisioning run ${run.attempt}`}>
            {run.steps.map((step) => (
              <StepRow
                key={step.name}
                step={step}
                runFinished={run.status === "succeeded" || run.status === "failed"}
              />
            ))}
          </ol>
          {run.error && <p className="mt-2 text-rose-700">{run.error}</p>}
        </details>
      ))}
    </Card>
  );
}
