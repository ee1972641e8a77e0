// The overview's charts: 30 days of applications, provisioned tenants,
// provisioning durations (p50/p95) and failures per step. Drawn on the
// server as SVG (components/charts): no chart library reaches the browser.
import { BarList } from "@/components/charts/bar-list";
import { ChartData, ChartFigure, LegendSwatch } from "@/components/charts/chart-figure";
import { ColumnChart } from "@/components/charts/column-chart";
import { LineChart } from "@/components/charts/line-chart";
import { shortDuration } from "@/components/charts/scale";
import { formatNumber } from "@/components/data-table/format";
import type { Overview } from "@/lib/operations/overview";

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export function OverviewCharts({ overview }: { overview: Overview }) {
  const { days, stepFailures } = overview;
  const range = `${days[0]?.day} to ${days.at(-1)?.day} (UTC)`;
  const applications = sum(days.map((d) => d.applications));
  const provisioned = sum(days.map((d) => d.provisioned));
  const durationDays = days.filter((d) => d.p50 !== null);
  const worstP95 = Math.max(0, ...durationDays.map((d) => d.p95 ?? 0));
  return (
    <div className="space-y-2">
      <div className="grid gap-4 lg:grid-cols-2">
        <ChartFigure
          id="chart-applications"
          title="Applications per day"
          summary={`${formatNumber(applications)} applications from ${range}.`}
        >
          <ColumnChart
            label={`Applications per day, ${range}`}
            unit="applications"
            columns={days.map((d) => ({ label: d.day, value: d.applications }))}
          />
        </ChartFigure>
        <ChartFigure
          id="chart-provisioned"
          title="Tenants provisioned per day"
          summary={`${formatNumber(provisioned)} tenants provisioned from ${range}.`}
        >
          <ColumnChart
            label={`Tenants provisioned per day, ${range}`}
            unit="tenants"
            barClassName="fill-emerald-500"
            columns={days.map((d) => ({ label: d.day, value: d.provisioned }))}
          />
        </ChartFigure>
        <ChartFigure
          id="chart-durations"
          title="Provisioning duration per day"
          summary={
            durationDays.length === 0
              ? `No provisioning finished from ${range}.`
              : `Provisioning durations on ${durationDays.length} days from ${range}; the highest daily p95 was ${shortDuration(worstP95)}.`
          }
          legend={
            <>
              <LegendSwatch className="bg-indigo-500" label="p50" />
              <LegendSwatch className="bg-rose-500" label="p95" />
            </>
          }
        >
          <LineChart
            label={`Provisioning duration p50 and p95 per day, ${range}`}
            days={days.map((d) => d.day)}
            format={shortDuration}
            series={[
              { name: "p50", className: "stroke-indigo-500 fill-indigo-500", values: days.map((d) => d.p50) },
              { name: "p95", className: "stroke-rose-500 fill-rose-500", values: days.map((d) => d.p95) },
            ]}
          />
        </ChartFigure>
        <ChartFigure
          id="chart-step-failures"
          title="Failures per provisioning step"
          summary={
            stepFailures.length === 0
              ? `No step failed from ${range}.`
              : stepFailures
                  .map((s) => `${s.step}: ${s.failedAttempts} failed attempts, ${s.failedRuns} ended a run`)
                  .join("; ")
          }
          legend={
            <>
              <LegendSwatch className="bg-amber-400" label="failed attempts (retried)" />
              <LegendSwatch className="bg-rose-600" label="ended the run" />
            </>
          }
          data={{
            columns: ["Step", "Failed attempts", "Ended a run"],
            rows: stepFailures.map((s) => [s.step, s.failedAttempts, s.failedRuns]),
          }}
        >
          {stepFailures.length === 0 ? (
            <p className="py-6 text-center text-sm text-slate-500">No step failed in these 30 days.</p>
          ) : (
            <BarList
              label={`Failed attempts per provisioning step, ${range}`}
              bars={stepFailures.map((s) => ({ label: s.step, value: s.failedAttempts, part: s.failedRuns }))}
              tooltip={(bar) => `${bar.label}: ${bar.value} failed attempts, ${bar.part ?? 0} ended a run`}
            />
          )}
        </ChartFigure>
      </div>
      {/* One table for the three daily charts: the same thirty days. */}
      <ChartData
        title="Applications, tenants provisioned and provisioning durations per day"
        summary="Show the numbers per day"
        data={{
          columns: ["Day", "Applications", "Provisioned", "Duration p50", "Duration p95"],
          rows: days.map((d) => [
            d.day,
            d.applications,
            d.provisioned,
            d.p50 === null ? "—" : shortDuration(d.p50),
            d.p95 === null ? "—" : shortDuration(d.p95),
          ]),
        }}
      />
    </div>
  );
}
