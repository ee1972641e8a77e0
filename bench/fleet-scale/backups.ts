// `backup --all` and `backup:verify --all` over the whole fleet, beside the
// installed mariadb-dump in the same run: one `mariadb-dump --single-transaction
// --databases <that server's tenant databases> | gzip` per server, the two
// servers at once (what `--all-databases` does, limited to the same data).
// Throughput is MiB of SQL per second: the SQL our backups wrote (before gzip
// and encryption), the bytes the tool wrote.
import { spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { landlord } from "@/lib/db/landlord";
import type { ServerConfig } from "@/lib/db/server";
import { resetEnvCache } from "@/lib/env";
import { backupFleet } from "@/lib/operations/backups/backup-tenant";
import { verifyFleet } from "@/lib/operations/backups/verify-backup";
import { type Figure, timed } from "../lib";
import type { FleetServerRef } from "./servers";

const OPERATOR = { type: "operator" as const, label: "bench" };
const MiB = 2 ** 20;

/** The tool's dump of `databases` on one server, gzipped into `file`; the SQL bytes it wrote. */
async function toolDump(server: ServerConfig, databases: string[], file: string): Promise<number> {
  if (databases.length === 0) return 0;
  const child = spawn(
    "mariadb-dump",
    [
      "-h",
      server.host,
      "-P",
      String(server.port),
      "-u",
      server.user,
      "--single-transaction",
      "--databases",
      ...databases,
    ],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, MYSQL_PWD: server.password } },
  );
  let err = "";
  child.stderr.on("data", (chunk) => {
    err += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(child.stdout, count, createGzip(), createWriteStream(file));
  const code = await exited;
  if (code !== 0) throw new Error(`mariadb-dump exited ${code}: ${err.slice(0, 500)}`);
  return bytes;
}

export async function fleetBackups(servers: FleetServerRef[], concurrency: number): Promise<Figure[]> {
  const dir = mkdtempSync(path.join(tmpdir(), "fleet-scale-backups-"));
  const previous = process.env.BACKUP_DIR;
  process.env.BACKUP_DIR = path.join(dir, "ours");
  resetEnvCache();
  try {
    const tenants = await landlord().tenant.findMany({ select: { databaseName: true, serverId: true } });
    const n = tenants.length;
    const [toolMs, toolBytes] = await timed(async () => {
      const sizes = await Promise.all(
        servers.map((s) =>
          toolDump(
            s.config,
            tenants.filter((t) => t.serverId === s.id).map((t) => t.databaseName),
            path.join(dir, `tool-${s.id}.sql.gz`),
          ),
        ),
      );
      return sizes.reduce((a, b) => a + b, 0);
    });
    const [backupMs, backup] = await timed(() => backupFleet({ actor: OPERATOR, concurrency }));
    const sqlBytes = backup.results.reduce((sum, r) => sum + (r.backup?.sqlBytes ?? 0), 0);
    const [verifyMs, verified] = await timed(() => verifyFleet({ actor: OPERATOR, concurrency }));
    const passed = verified.filter((v) => v.outcome === "passed").length;
    const rate = (bytes: number, ms: number) => bytes / MiB / (ms / 1000);
    return [
      {
        benchmark: "fleet-scale backups",
        metric: `backup --all, ${n} tenants, ${concurrency} at a time (${(sqlBytes / MiB).toFixed(1)} MiB of SQL) vs mariadb-dump per server`,
        value: backupMs / 1000,
        unit: "s",
        baseline: toolMs / 1000,
        ratio: backupMs / toolMs,
      },
      {
        benchmark: "fleet-scale backups",
        metric: "backup --all throughput (MiB of SQL/s) vs the tool's",
        value: rate(sqlBytes, backupMs),
        unit: "MiB/s",
        baseline: rate(toolBytes, toolMs),
        ratio: rate(sqlBytes, backupMs) / rate(toolBytes, toolMs),
      },
      {
        benchmark: "fleet-scale backups",
        metric: "backed up",
        value: backup.counts["backed-up"],
        unit: `of ${n}`,
        target: `${n}`,
        pass: backup.counts["backed-up"] === n,
      },
      {
        benchmark: "fleet-scale backups",
        metric: `backup:verify --all (load into scratch, compare with manifest) vs the tool's dump`,
        value: verifyMs / 1000,
        unit: "s",
        baseline: toolMs / 1000,
        ratio: verifyMs / toolMs,
      },
      {
        benchmark: "fleet-scale backups",
        metric: "backup:verify --all throughput (MiB of SQL/s)",
        value: rate(sqlBytes, verifyMs),
        unit: "MiB/s",
        baseline: rate(toolBytes, toolMs),
      },
      {
        benchmark: "fleet-scale backups",
        metric: "verified (passed)",
        value: passed,
        unit: `of ${n}`,
        target: `${n}`,
        pass: passed === n,
      },
    ];
  } finally {
    if (previous === undefined) delete process.env.BACKUP_DIR;
    else process.env.BACKUP_DIR = previous;
    resetEnvCache();
    rmSync(dir, { recursive: true, force: true });
  }
}
