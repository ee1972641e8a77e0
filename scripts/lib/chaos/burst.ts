// The burst under fire: approvals paced over the plan's spread, each retried
// until the landlord shows it taken (a portal killed mid-request may or may not
// have committed it); each fault started at its moment on a timeline of its
// own; then the wait until no application is left in between.
import { setTimeout as sleep } from "node:timers/promises";
import { describeError } from "@/lib/errors";
import type { Monitor, Progress } from "./monitor";
import { type Portal, PortalDown } from "./portal";
import type { ChaosPlan, Fault } from "./schedule";

export interface ChaosEvent {
  /** ms after the burst began */
  at: number;
  what: string;
}

export interface Outage {
  pause(): Promise<void>;
  start(): Promise<void>;
}

export interface BurstResult {
  events: ChaosEvent[];
  /** Approvals that had to be sent again (the portal was down or lost the request). */
  approvalRetries: number;
  /** ms from the first approval until nothing was left in between (or the wait gave up). */
  durationMs: number;
  settled: boolean;
}

const IN_BETWEEN = ["pending", "approved", "provisioning_started"];

export function inBetween(progress: Progress): number {
  return IN_BETWEEN.reduce((sum, s) => sum + (progress.statuses[s] ?? 0), 0) + progress.activeRuns;
}

export function describeProgress(progress: Progress, count: number): string {
  const s = progress.statuses;
  return (
    `provisioned ${s.provisioned ?? 0}/${count} · failed ${s.provisioning_failed ?? 0} · ` +
    `provisioning ${s.provisioning_started ?? 0} · waiting for approval ${(s.pending ?? 0) + (s.approved ?? 0)} · ` +
    `runs running ${progress.runningRuns}`
  );
}

export async function runBurst(options: {
  plan: ChaosPlan;
  applicationIds: string[];
  portal: Portal;
  outage: Outage;
  monitor: Monitor;
  onProgress?: (line: string) => void;
}): Promise<BurstResult> {
  const { plan, applicationIds, portal, outage, monitor } = options;
  const began = Date.now();
  const events: ChaosEvent[] = [];
  const note = (what: string) => events.push({ at: Date.now() - began, what });
  let approvalRetries = 0;
  let portalBusy: Promise<void> = Promise.resolve();
  let serverDown = false;

  const approve = async (id: string) => {
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) approvalRetries++;
      try {
        await portalBusy;
        if ((await portal.approve(id)).ok) return;
      } catch (error) {
        if (!(error instanceof PortalDown)) throw error;
      }
      if ((await monitor.status(id)) !== "pending") return; // it went through before the answer was lost
      await sleep(300);
    }
  };

  const restartPortal = async () => {
    // A SIGKILL is worth most while the portal holds runs: wait (briefly) for one.
    for (let i = 0; i < 50 && (await monitor.progress()).runningRuns === 0; i++) await sleep(100);
    const running = (await monitor.progress()).runningRuns;
    const pid = portal.pid();
    await portal.kill();
    note(`portal (pid ${pid}) killed with SIGKILL while ${running} run(s) were running`);
    const restarted = Date.now();
    await portal.start();
    note(`portal started again (pid ${portal.pid()}) in ${((Date.now() - restarted) / 1000).toFixed(1)} s`);
  };

  const fault = async (f: Fault) => {
    await sleep(Math.max(0, began + f.at - Date.now()));
    switch (f.kind) {
      case "kill-portal": {
        const previous = portalBusy;
        portalBusy = previous.then(restartPortal);
        return portalBusy;
      }
      case "outage": {
        await outage.pause();
        serverDown = true;
        note(`second database server stopped for ${f.seconds} s`);
        await sleep(f.seconds * 1000);
        await outage.start();
        serverDown = false;
        note("second database server started again");
        return;
      }
      case "kill-connection": {
        for (let i = 0; i < 20; i++) {
          const killed = await monitor.killPortalConnection();
          if (killed) return note(`KILL CONNECTION ${killed.id} (portal's landlord connection, ${killed.command})`);
          await sleep(100);
        }
        return note("KILL CONNECTION: the portal had no landlord connection open for 2 s");
      }
    }
  };

  const ticker = setInterval(() => {
    monitor.progress().then(
      (p) =>
        options.onProgress?.(
          `${((Date.now() - began) / 1000).toFixed(0).padStart(3)} s · ${describeProgress(p, applicationIds.length)}` +
            `${serverDown ? " · second server DOWN" : ""}`,
        ),
      (error: unknown) => options.onProgress?.(`(progress unreadable: ${describeError(error)})`),
    );
  }, 1000);
  try {
    const step = plan.spreadMs / Math.max(1, applicationIds.length);
    await Promise.all([
      ...applicationIds.map(async (id, i) => {
        await sleep(i * step);
        await approve(id);
      }),
      ...plan.faults.map(fault),
    ]);
    note(`every approval taken (${approvalRetries} sent again) and every fault done`);
    const deadline = Date.now() + plan.settleMs;
    let settled = false;
    while (!settled && Date.now() < deadline) {
      settled = inBetween(await monitor.progress()) === 0;
      if (!settled) await sleep(500);
    }
    note(settled ? "nothing left in between" : `still in between after ${plan.settleMs / 1000} s: giving up`);
    return { events, approvalRetries, durationMs: Date.now() - began, settled };
  } finally {
    clearInterval(ticker);
  }
}
