// The chaos run's printout: the plan, what happened when, and the counts.

import type { ChaosReport } from "./run";
import { describeFault } from "./schedule";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1).padStart(5)} s`;

export function formatReport(report: ChaosReport): string[] {
  const { plan, counts: c } = report;
  const lines = [
    `Chaos: ${plan.count} approvals over ${plan.spreadMs / 1000} s, portal: ${report.portal === "http" ? "scripts/serve.ts over HTTP" : "workflow worker process"}, heartbeat ${plan.heartbeatSeconds} s`,
    "",
    "Schedule (planned):",
    ...plan.faults.map((f) => `  ${seconds(f.at)}  ${describeFault(f)}`),
    "What happened:",
    ...report.events.map((e) => `  ${seconds(e.at)}  ${e.what}`),
    "",
    "Counts:",
    `  applications                        ${c.applications}`,
    `  provisioned                         ${c.provisioned}  (${Object.entries(c.tenantsByServer)
      .map(([server, n]) => `${server}: ${n}`)
      .join(", ")})`,
    `  provisioning_failed                 ${c.failed}  (without a reason: ${c.failedWithoutReason})`,
    ...Object.entries(c.failureReasons).map(([reason, n]) => `      ${n} × ${reason}`),
    `  stuck in between                    ${c.inBetween}`,
    `  provisioned, failing health-check   ${c.unhealthy}  (without an active tenant: ${c.provisionedWithoutActiveTenant})`,
    `  cleanup --failed-only leftovers     ${c.leftovers}`,
    `  welcome email exactly once          ${c.welcomeExactlyOnce} of ${c.provisioned}  (missing: ${c.welcomeMissing}, more than once: ${c.welcomeMoreThanOnce})`,
    `  runs resumed by the sweeper         ${c.resumedRuns}`,
    `  approvals sent again                ${report.approvalRetries}`,
    `  burst until settled                 ${seconds(report.durationMs).trim()}`,
    "",
    report.ok ? "✔ every promise kept" : `✖ ${report.problems.length} problem(s):`,
    ...report.problems.map((p) => `  - ${p}`),
    ...(report.ok ? [] : report.counts.details.map((d) => `    ${d}`)),
  ];
  return lines;
}
