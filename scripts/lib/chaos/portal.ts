// The process the chaos run kills: something that runs the real workflow in a
// process of its own, takes approvals, and can be SIGKILLed and started again.
// Two kinds: the portal itself over HTTP (./portal-http.ts), and the portal's
// workflow half without Next (./worker.ts) for the test suite, which cannot
// afford a `next build` beside the other test files.
import { type ChildProcess, spawn } from "node:child_process";
import { childEnv } from "@/lib/env";

export type Approval = { ok: true } | { ok: false; code: string; error: string };

export interface Portal {
  readonly kind: "http" | "worker";
  pid(): number | undefined;
  /** Approves as an admin would; throws PortalDown when the process cannot be reached. */
  approve(applicationId: string): Promise<Approval>;
  start(): Promise<void>;
  /** SIGKILL: nothing of it runs on, nothing is handed back. */
  kill(): Promise<void>;
  /** SIGTERM, as an operator stops it. */
  stop(): Promise<void>;
}

export class PortalDown extends Error {}

/** What the workflow process needs besides the landlord's configuration (inherited from this process). */
export function workflowEnv(heartbeatSeconds: number): Record<string, string> {
  return {
    WORKFLOW_DRIVER: "inline",
    PROVISIONING_HEARTBEAT_SECONDS: String(heartbeatSeconds),
    SWEEP_INTERVAL_SECONDS: String(heartbeatSeconds),
    // No background passes over the tenants while the run measures its own work.
    TENANT_SNAPSHOTS: "0",
    BACKUP_EVERY_HOURS: "0",
  };
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

const WORKER = ["--import", "tsx", "--import", "./scripts/node/hooks.mjs", "scripts/lib/chaos/worker.ts"];

interface Reply {
  id: number;
  result: Approval;
}

/** The workflow half of the portal (scripts/lib/chaos/worker.ts) in a child process, approvals over IPC. */
export function workerPortal(heartbeatSeconds: number): Portal {
  let child: ChildProcess | undefined;
  let next = 0;
  const waiting = new Map<number, { resolve: (a: Approval) => void; reject: (e: Error) => void }>();
  const failAll = () => {
    for (const [id, w] of waiting) {
      waiting.delete(id);
      w.reject(new PortalDown("the worker exited"));
    }
  };
  return {
    kind: "worker",
    pid: () => child?.pid,
    async start() {
      const started = spawn(process.execPath, WORKER, {
        env: childEnv(workflowEnv(heartbeatSeconds)),
        stdio: ["ignore", "ignore", "inherit", "ipc"],
      });
      child = started;
      started.on("exit", failAll);
      await new Promise<void>((resolve, reject) => {
        started.once("exit", (code) => reject(new Error(`the chaos worker exited (${code}) before it was ready`)));
        started.on("message", (message: "ready" | Reply) => {
          if (message === "ready") return resolve();
          const w = waiting.get(message.id);
          waiting.delete(message.id);
          w?.resolve(message.result);
        });
      });
    },
    approve(applicationId) {
      const current = child;
      if (!current?.connected) return Promise.reject(new PortalDown("the worker is not running"));
      const id = ++next;
      return new Promise<Approval>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        current.send({ id, applicationId }, (error) => {
          if (!error) return;
          waiting.delete(id);
          reject(new PortalDown(error.message));
        });
      });
    },
    async kill() {
      if (!child) return;
      child.kill("SIGKILL");
      await exited(child);
    },
    async stop() {
      if (!child) return;
      child.kill("SIGTERM");
      await exited(child);
    },
  };
}
