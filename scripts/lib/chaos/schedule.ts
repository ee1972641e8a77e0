// The chaos run's plan: how many approvals, spread over how long, and the
// faults at fixed offsets from the start of the burst. The same plan is
// printed beside the results with the moment each fault really happened.
export type Fault =
  | { at: number; kind: "kill-portal" }
  | { at: number; kind: "outage"; seconds: number }
  | { at: number; kind: "kill-connection" };

export interface ChaosPlan {
  /** Applications approved during the burst. */
  count: number;
  /** Approvals are paced evenly over this long, so the faults meet work in hand. */
  spreadMs: number;
  faults: Fault[];
  /** PROVISIONING_HEARTBEAT_SECONDS and SWEEP_INTERVAL_SECONDS of the portal. */
  heartbeatSeconds: number;
  /** How long to wait, after the last fault, for every application to settle. */
  settleMs: number;
}

/** `npm run chaos`: two SIGKILLs, one outage of the second server, three killed landlord connections. */
export function fullPlan(count = 200, outageSeconds = 20): ChaosPlan {
  return {
    count,
    spreadMs: 30_000,
    heartbeatSeconds: 1,
    settleMs: 240_000,
    faults: [
      { at: 3_000, kind: "kill-connection" },
      { at: 6_000, kind: "kill-portal" },
      { at: 12_000, kind: "outage", seconds: outageSeconds },
      { at: 16_000, kind: "kill-connection" },
      // While the second server is still down: the restarted portal must resume runs that cannot go on yet.
      { at: 22_000, kind: "kill-portal" },
      { at: 28_000, kind: "kill-connection" },
    ],
  };
}

/** The test suite's: one of each, at most 10 tenants, a 3 s outage. */
export function smokePlan(count = 8): ChaosPlan {
  return {
    count: Math.min(count, 10),
    spreadMs: 5_000,
    heartbeatSeconds: 1,
    settleMs: 45_000,
    faults: [
      { at: 500, kind: "kill-connection" },
      { at: 1_000, kind: "outage", seconds: 3 },
      // While the server is down, as in the full run.
      { at: 2_000, kind: "kill-portal" },
    ],
  };
}

export function describeFault(fault: Fault): string {
  switch (fault.kind) {
    case "kill-portal":
      return "SIGKILL the portal, start it again";
    case "outage":
      return `stop the second database server for ${fault.seconds} s, start it again`;
    case "kill-connection":
      return "KILL CONNECTION of one of the portal's landlord connections";
  }
}
