// bcrypt off the main thread. bcryptjs is pure JavaScript: a hash at cost 10
// holds the event loop for ~70 ms, which would stall every request and every
// database round trip of a provisioning run meanwhile. A small pool of worker
// threads does the hashing instead, so it truly overlaps with I/O.
import "server-only";
import os from "node:os";
import { Worker } from "node:worker_threads";

type Job = {
  op: "hash" | "compare";
  args: [string, string | number];
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
};

// Plain CommonJS evaluated in the worker; `require` resolves from the working
// directory, where bcryptjs is installed.
const SOURCE = `
const { parentPort } = require("node:worker_threads");
const bcrypt = require("bcryptjs");
parentPort.on("message", ({ id, op, args }) => {
  const work = op === "hash" ? bcrypt.hash(args[0], args[1]) : bcrypt.compare(args[0], args[1]);
  work.then((value) => parentPort.postMessage({ id, value }), (error) => parentPort.postMessage({ id, error: String(error) }));
});`;

interface Slot {
  worker: Worker;
  busy: Map<number, Job>;
}

const holder = globalThis as unknown as { bcryptPool?: { slots: Slot[]; next: number; seq: number } };

function pool() {
  if (holder.bcryptPool) return holder.bcryptPool;
  const size = Math.max(1, Math.min(4, os.availableParallelism() - 1));
  const slots: Slot[] = Array.from({ length: size }, () => {
    const worker = new Worker(SOURCE, { eval: true });
    worker.unref();
    const slot: Slot = { worker, busy: new Map() };
    worker.on("message", ({ id, value, error }: { id: number; value?: unknown; error?: string }) => {
      const job = slot.busy.get(id);
      slot.busy.delete(id);
      if (error) job?.reject(new Error(error));
      else job?.resolve(value);
    });
    worker.on("error", (error) => {
      for (const job of slot.busy.values()) job.reject(error);
      slot.busy.clear();
    });
    return slot;
  });
  holder.bcryptPool = { slots, next: 0, seq: 0 };
  return holder.bcryptPool;
}

function run<T>(op: Job["op"], args: Job["args"]): Promise<T> {
  const p = pool();
  // The least busy worker takes the job.
  const slot = p.slots.reduce((best, s) => (s.busy.size < best.busy.size ? s : best));
  const id = ++p.seq;
  return new Promise<T>((resolve, reject) => {
    slot.busy.set(id, { op, args, resolve: resolve as (v: unknown) => void, reject });
    slot.worker.postMessage({ id, op, args });
  });
}

export function hashInWorker(password: string, cost: number): Promise<string> {
  return run<string>("hash", [password, cost]);
}

export function compareInWorker(password: string, hash: string): Promise<boolean> {
  return run<boolean>("compare", [password, hash]);
}
