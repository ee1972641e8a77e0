// The portal's background job runs in one process at a time: the holder of a
// MariaDB named lock. Stopping the leader, or killing its connection from the
// server side, hands the jobs to another process at its next tick.
import { afterEach, describe, expect, it } from "vitest";
import { connect } from "@/lib/db/server";
import { type BackgroundRunner, startBackgroundJobs } from "@/lib/jobs/runner";
import { testServer } from "./helpers/server";

const runners: BackgroundRunner[] = [];
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});

function portal(counts: Map<string, number>, name: string) {
  const runner = startBackgroundJobs(
    [{ name: "count", everyMs: 0, run: async () => counts.set(name, (counts.get(name) ?? 0) + 1) }],
    { manual: true, log: () => undefined },
  );
  runners.push(runner);
  return runner;
}

describe("background jobs", () => {
  it("run in exactly one of two processes", async () => {
    const counts = new Map<string, number>();
    const a = portal(counts, "a");
    const b = portal(counts, "b");
    for (let i = 0; i < 3; i++) await Promise.all([a.tick(), b.tick()]);
    expect([a.isLeader(), b.isLeader()].filter(Boolean)).toHaveLength(1);
    expect([...counts.keys()]).toHaveLength(1);
    expect([...counts.values()][0]).toBe(3);
  });

  it("move to the other process when the leader stops", async () => {
    const counts = new Map<string, number>();
    const a = portal(counts, "a");
    await a.tick();
    const b = portal(counts, "b");
    await b.tick();
    expect(a.isLeader()).toBe(true);
    expect(b.isLeader()).toBe(false);
    await a.stop();
    await b.tick();
    expect(b.isLeader()).toBe(true);
    expect(counts.get("b")).toBe(1);
  });

  it("move to the other process when the leader's connection is killed by the server", async () => {
    const counts = new Map<string, number>();
    const a = portal(counts, "a");
    await a.tick();
    const b = portal(counts, "b");
    const admin = await connect(testServer());
    try {
      const lock = `portal-background:${new URL(process.env.DATABASE_URL as string).pathname.slice(1)}`.slice(0, 64);
      const [row] = await admin.query("SELECT IS_USED_LOCK(?) AS id", [lock]);
      await admin.query(`KILL CONNECTION ${Number(row.id)}`);
    } finally {
      await admin.end();
    }
    await b.tick(); // the lock went with the connection
    await a.tick(); // a notices it lost the lock and runs nothing
    expect(b.isLeader()).toBe(true);
    expect(a.isLeader()).toBe(false);
    expect(counts.get("a")).toBe(1);
    expect(counts.get("b")).toBe(1);
  });

  it("keep running when one job fails", async () => {
    const ran: string[] = [];
    const runner = startBackgroundJobs(
      [
        { name: "broken", everyMs: 0, run: async () => Promise.reject(new Error("boom")) },
        { name: "fine", everyMs: 0, run: async () => ran.push("fine") },
      ],
      { manual: true, log: () => undefined },
    );
    runners.push(runner);
    await runner.tick();
    await runner.tick();
    expect(ran).toEqual(["fine", "fine"]);
  });
});
