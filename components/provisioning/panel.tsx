// The provisioning timeline of one application: its runs, newest first, each
// step with attempts, durations and errors. Refreshes itself while a run is
// going; offers a retry after a failed run.
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { requirePlatformAdmin } from "@/lib/auth/session";
import { landlord } from "@/lib/db/landlord";
import { provisioningTimeline, type TimelineRun } from "@/lib/provisioning/timeline";
import { AutoRefresh } from "./auto-refresh";
import { RetryButton } from "./retry-button";
import { formatMs, StepRow } from "./step-row";

const runTone = { queued: "gray", running: "blue", succeeded: "green", failed: "red" } as const;

function RunView({ run }: { run: TimelineRun }) {
  const finished = run.status === "succeeded" || run.status === "failed";
  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center gap-2 text-sm text-slate-600">
        <span className="font-medium text-slate-900">Run {run.attempt}</span>
        <Badge tone={runTone[run.status]}>{run.status}</Badge>
        <span>via {run.driver}</span>
        <span>· started {(run.startedAt ?? run.createdAt).toLocaleString("en-GB")}</span>
        {run.durationMs !== null && <span>· took {formatMs(run.durationMs)}</span>}
      </div>
      <ol aria-label={`Provisioning run ${run.attempt}`}>
        {run.steps.map((step) => (
          <StepRow key={step.name} step={step} runFinished={finished} />
        ))}
      </ol>
      {run.error && <p className="mt-3 text-sm text-rose-700">{run.error}</p>}
    </div>
  );
}

export async function ProvisioningPanel({ applicationId }: { applicationId: string }) {
  await requirePlatformAdmin();
  const [application, runs] = await Promise.all([
    landlord().tenantApplication.findUnique({
      where: { id: applicationId },
      select: { status: true, failureReason: true },
    }),
    provisioningTimeline(applicationId),
  ]);
  if (!application || runs.length === 0) return null;
  const [latest, ...earlier] = runs as [TimelineRun, ...TimelineRun[]];
  const going =
    latest.status === "queued" || latest.status === "running" || application.status === "provisioning_started";
  return (
    <Card>
      <div className="mb-4 flex items-center justify-between gap-4">
        <CardTitle>Provisioning</CardTitle>
        {going && <span className="text-xs text-slate-500">updating live…</span>}
      </div>
      <AutoRefresh active={going} />
      <RunView run={latest} />
      {application.status === "provisioning_failed" && (
        <div className="mt-4 border-t border-slate-200 pt-4">
          <RetryButton applicationId={applicationId} />
        </div>
      )}
      {earlier.length > 0 && (
        <details className="mt-4 border-t border-slate-200 pt-4">
          <summary className="cursor-pointer text-sm text-slate-600">Earlier runs ({earlier.length})</summary>
          <div className="mt-3 space-y-6">
            {earlier.map((run) => (
              <RunView key={run.id} run={run} />
            ))}
          </div>
        </details>
      )}
    </Card>
  );
}
