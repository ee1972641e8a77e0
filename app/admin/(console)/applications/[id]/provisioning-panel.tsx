// The provisioning timeline of one application: its runs, newest first, each
// step with attempts, durations and errors. Refreshes itself while a run is
// going; offers a retry after a failed run, or a start for an approved
// application that has no run.
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import type { ProvisioningPanelData, TimelineRun } from "@/lib/provisioning/timeline";
import { AutoRefresh } from "./auto-refresh";
import { StartRunButton } from "./start-run-button";
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

export function ProvisioningPanel({
  applicationId,
  data,
  mayStart,
}: {
  applicationId: string;
  data: ProvisioningPanelData;
  /** The viewer's role may start or retry a run. */
  mayStart: boolean;
}) {
  const [latest, ...earlier] = data.runs;
  return (
    <Card>
      <div className="mb-4 flex items-center justify-between gap-4">
        <CardTitle>Provisioning</CardTitle>
        {data.going && <span className="text-xs text-slate-500">updating live…</span>}
      </div>
      <AutoRefresh active={data.going} />
      {latest ? (
        <RunView run={latest} />
      ) : (
        <p className="text-sm text-slate-600">
          This application was approved but no provisioning run was started for it.
        </p>
      )}
      {data.offer && mayStart && (
        <div className="mt-4 border-t border-slate-200 pt-4">
          <StartRunButton applicationId={applicationId} kind={data.offer} />
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
