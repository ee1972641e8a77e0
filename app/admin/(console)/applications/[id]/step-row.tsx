import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { TimelineStep } from "@/lib/provisioning/timeline";

const tone: Record<TimelineStep["status"], BadgeTone> = {
  pending: "gray",
  running: "blue",
  succeeded: "green",
  failed: "red",
};

const dot: Record<TimelineStep["status"], string> = {
  pending: "bg-slate-300",
  running: "bg-sky-500 animate-pulse",
  succeeded: "bg-emerald-500",
  failed: "bg-rose-500",
};

export function formatMs(ms: number | null): string {
  if (ms === null) return "";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function StepRow({ step, runFinished }: { step: TimelineStep; runFinished: boolean }) {
  // A failed attempt of a run still going is being retried, not final.
  const retrying = step.status === "failed" && !runFinished;
  return (
    <li className="relative flex gap-3 pb-5 last:pb-0" data-step={step.name} data-status={step.status}>
      <span className={`mt-1.5 size-2.5 shrink-0 rounded-full ${dot[step.status]}`} aria-hidden />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="font-medium text-slate-900">{step.label}</span>
          <Badge tone={retrying ? "yellow" : tone[step.status]}>{retrying ? "retrying" : step.status}</Badge>
          {step.attempts > 1 && (
            <span className="text-xs text-slate-500">
              attempt {step.attempts} of {step.maxAttempts}
            </span>
          )}
          {step.durationMs !== null && step.status !== "running" && (
            <span className="text-xs text-slate-500">{formatMs(step.durationMs)}</span>
          )}
        </div>
        {step.errors.length > 0 && (
          <details className="mt-1 text-xs text-rose-700" open={step.status === "failed"}>
            <summary className="cursor-pointer">
              {step.errors.length} failed attempt{step.errors.length > 1 ? "s" : ""}
            </summary>
            <ol className="mt-1 space-y-0.5 pl-4">
              {step.errors.map((e) => (
                <li key={`${e.attempt}-${e.at}`} className="break-words">
                  #{e.attempt} {new Date(e.at).toLocaleTimeString("en-GB")}: {e.error}
                </li>
              ))}
            </ol>
          </details>
        )}
      </div>
    </li>
  );
}
