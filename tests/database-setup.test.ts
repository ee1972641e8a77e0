// The set-up behind `npm start`: an existing server, an unreachable one, and
// a project-local server started when nothing answers locally.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { landlordHealth } from "@/lib/db/health";
import { disconnectLandlord } from "@/lib/db/landlord";
import { prepareLandlordDatabase } from "@/lib/db/prepare";
import { connect } from "@/lib/db/server";
import { resetEnvCache } from "@/lib/env";
import { trackDatabase } from "./helpers/databases";
import { testServerUrl, uniqueName } from "./helpers/server";

const original = process.env.DATABASE_URL;

function useDatabaseUrl(url: string) {
  process.env.DATABASE_URL = url;
  resetEnvCache();
}

afterEach(() => useDatabaseUrl(original as string));

describe("landlord database set-up", () => {
  it("creates and migrates the database on a server that answers, then does nothing the second time", async () => {
    const db = trackDatabase(uniqueName("setup_fresh"));
    useDatabaseUrl(testServerUrl(db));
    expect((await landlordHealth()).ok).toBe(false);
    const first = await prepareLandlordDatabase();
    expect(first.applied.length).toBeGreaterThan(0);
    const second = await prepareLandlordDatabase();
    expect(second.applied).toEqual([]);
    expect(await landlordHealth()).toEqual({ ok: true, database: db });
  });

  // The reason is in the log only (tests/health.test.ts); the body says nothing more than this.
  it("/api/health answers 200 when migrated and 503 with no reason when not", async () => {
    const ok = await health();
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: "ok" });

    vi.spyOn(console, "error").mockImplementation(() => undefined);
    useDatabaseUrl(testServerUrl(uniqueName("setup_missing")));
    await disconnectLandlord(); // the route reads over the pool, made from DATABASE_URL on first use
    const missing = await health();
    expect(missing.status).toBe(503);
    expect(await missing.json()).toEqual({ status: "unavailable" });

    useDatabaseUrl("mysql://root@127.0.0.2:1/election");
    await disconnectLandlord();
    const down = await health();
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: "unavailable" });
    vi.restoreAllMocks();
    await disconnectLandlord();
  });

  it("stops with a clear message when a remote server does not answer, starting nothing", async () => {
    useDatabaseUrl("mysql://root@127.0.0.2:1/election");
    await expect(prepareLandlordDatabase({ localDataDir: "/nonexistent/should-not-be-made" })).rejects.toThrow(
      /Nothing answers at 127\.0\.0\.2:1 \(DATABASE_URL\)/,
    );
    expect(existsSync("/nonexistent/should-not-be-made")).toBe(false);
  });

  it("refuses wrong credentials without starting a local server", async () => {
    useDatabaseUrl("mysql://nobody:wrong@127.0.0.1:3306/election");
    await expect(prepareLandlordDatabase({ localDataDir: "/nonexistent/no" })).rejects.toThrow(/Access denied/);
  });

  // Uses the machine's mariadbd to start a private server on a spare port.
  it.skipIf(!existsSync("/usr/sbin/mariadbd"))(
    "starts a project-local server when nothing answers on a local address, and migrates it",
    async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), "local-mysql-"));
      const port = 33_000 + Math.floor(Math.random() * 2000);
      useDatabaseUrl(`mysql://root@127.0.0.1:${port}/election`);
      const lines: string[] = [];
      try {
        const result = await prepareLandlordDatabase({ localDataDir: dataDir, log: (l) => lines.push(l) });
        expect(lines[0]).toMatch(/starting a project-local one/);
        expect(result.applied.length).toBeGreaterThan(0);
        const conn = await connect({ host: "127.0.0.1", port, user: "root", password: "" }, { database: "election" });
        const tables: unknown[] = await conn.query("SHOW TABLES");
        await conn.end();
        expect(tables.length).toBeGreaterThan(5);
      } finally {
        const pidFile = path.join(dataDir, "mysqld.pid");
        if (existsSync(pidFile)) {
          const pid = Number(readFileSync(pidFile, "utf8").trim());
          process.kill(pid, "SIGTERM");
          for (let i = 0; i < 100 && isAlive(pid); i++) execFileSync("sleep", ["0.1"]);
        }
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    90_000,
  );
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
