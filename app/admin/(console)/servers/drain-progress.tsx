"use client";
// The progress of each server being drained, as the landlord records it (so
// it is the same whichever portal process runs the drain): moved and failed
// so far, the tenants being moved this moment, those still on the server, and
// how the last drain ended. While a drain runs, the page refreshes by itself.
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { formatDateTime, formatNumber } from "@/components/data-table/format";
import { Alert } from "@/components/ui/alert";
import { Card, CardTitle } from "@/components/ui/card";
import type { DrainView, ServerRow } from "@/lib/operations/server-overview";

const REFRESH_MS = 2000;

function Outcome({ outcome }: { outcome: NonNullable<DrainView["outcome"]> }) {
  if ("error" in outcome) {
    return (
      <Alert tone="error">
        The drain stopped at {formatDateTime(outcome.at)}: {outcome.error}
      </Alert>
    );
  }
  const tone = outcome.failed > 0 || outcome.stopped ? "warning" : "success";
  return (
    <Alert tone={tone}>
      The drain ended at {formatDateTime(outcome.at)}: {formatNumber(outcome.moved)} moved,{" "}
      {formatNumber(outcome.failed)} failed{outcome.stopped ? " (stopped: the portal shut down)" : ""}.
      {outcome.failures.length > 0 && (
        <ul className="mt-2 list-inside list-disc text-xs">
          {outcome.failures.map((f) => (
            <li key={f.slug}>
              <span className="font-mono">{f.slug}</span>: {f.reason}
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}

function Progress({ name, drain }: { name: string; drain: DrainView }) {
  const total = drain.total ?? drain.moved + drain.failed + drain.remaining;
  const done = Math.min(total, drain.moved);
  const share = total === 0 ? 1 : done / total;
  return (
    <Card className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <CardTitle>
          Draining <span className="font-mono">{name}</span>
        </CardTitle>
        {drain.startedAt && (
          <span className="text-xs text-slate-500">
            started {formatDateTime(drain.startedAt)}
            {drain.startedBy ? ` by ${drain.startedBy}` : ""}
            {drain.reason ? ` · ${drain.reason}` : ""}
          </span>
        )}
      </div>
      <div
        role="progressbar"
        aria-label={`Drain of ${name}`}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        className="h-2 w-full rounded-full bg-slate-100"
      >
        <div className="h-2 rounded-full bg-indigo-500" style={{ width: `${Math.round(share * 100)}%` }} />
      </div>
      <p className="text-sm text-slate-700" data-testid={`drain-${name}`}>
        {formatNumber(drain.moved)} of {formatNumber(total)} moved · {formatNumber(drain.failed)} failed ·{" "}
        {formatNumber(drain.remaining)} still on {name}
        {drain.moving.length > 0 && (
          <>
            {" "}
            · moving now: <span className="font-mono">{drain.moving.join(", ")}</span>
          </>
        )}
      </p>
      {drain.running ? (
        <p className="text-xs text-slate-500">
          Running; this page refreshes every {REFRESH_MS / 1000} s until it ends.
        </p>
      ) : drain.outcome ? (
        <Outcome outcome={drain.outcome} />
      ) : (
        drain.remaining > 0 && (
          <Alert tone="warning">
            No drain is running: {formatNumber(drain.remaining)} tenant(s) are still on {name}. Drain it again to go on.
          </Alert>
        )
      )}
      {!drain.running && drain.remaining === 0 && (
        <p className="text-sm text-slate-600">
          No tenant is left on {name}. It can be removed once nothing catalogued is left there either (source copies of
          moved tenants: <span className="font-mono text-xs">tenants purge</span>); removing says what is.
        </p>
      )}
    </Card>
  );
}

export function DrainProgress({ servers }: { servers: ServerRow[] }) {
  const router = useRouter();
  const draining = servers.filter((s): s is ServerRow & { drain: DrainView } => s.drain !== null);
  const running = draining.some((s) => s.drain.running);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => router.refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [running, router]);
  if (draining.length === 0) return null;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {draining.map((s) => (
        <Progress key={s.name} name={s.name} drain={s.drain} />
      ))}
    </div>
  );
}
