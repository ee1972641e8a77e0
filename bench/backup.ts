// Backups: one big tenant, then a fleet, each beside the standard tool in the
// same run.
//   1. backup of one tenant with `users` users and `rows` rows in other tables:
//      `tenants backup` (snapshot, SQL, gzip, AES-GCM, manifest, row hashes)
//      beside `mariadb-dump --single-transaction | gzip`. Target: ≤1.5x its time.
//   2. restore of that backup: `tenants restore` (load, compare every table with
//      the manifest, migrate, switch) beside `gunzip | mariadb`. Target: ≤1.5x.
//   3. `backup --all` over `tenants` small tenants, `concurrency` at a time,
//      beside the tool run over the same databases at the same concurrency.
//      Target: faster than the tool.
// Throughput is MiB of SQL (the size of our dump, nearly the tool's) per second.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { landlord } from "@/lib/db/landlord";
import { connect, dropDatabase } from "@/lib/db/server";
import { resetEnvCache } from "@/lib/env";
import { backupFleet, backupTenant } from "@/lib/operations/backups/backup-tenant";
import { dropPreviousDatabases } from "@/lib/operations/backups/drop-previous";
import { restoreTenant } from "@/lib/operations/backups/restore-tenant";
import { mapBounded } from "@/lib/operations/concurrency";
import { inlineDriver, inlineIdle } from "@/lib/provisioning/inline-driver";
import { approveAndStart } from "@/lib/provisioning/start";
import { benchServer, type Figure, timed } from "./lib";
import { newApplication } from "./provisioning-latency";

const OPERATOR = { type: "operator" as const, label: "bench" };
const MiB = 1024 * 1024;

export interface BackupBenchSizes {
  users: number;
  rows: number;
  tenants: number;
  concurrency: number;
}

function shell(script: string): Promise<void> {
  const s = benchServer();
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-o", "pipefail", "-c", script], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, MYSQL_PWD: s.password },
    });
    let err = "";
    child.stderr.on("data", (chunk) => {
      err += String(chunk);
    });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${script}: exit ${code}: ${err}`))));
  });
}

function client(tool: "mariadb" | "mariadb-dump"): string {
  const s = benchServer();
  return `${tool} -h ${s.host} -P ${s.port} -u ${s.user}`;
}

async function provision(count: number) {
  for (let i = 0; i < count; i++) {
    const application = await newApplication("bk");
    await approveAndStart(application.id, OPERATOR, undefined, inlineDriver);
  }
  await inlineIdle();
  return landlord().tenant.findMany({ where: { status: "active" }, orderBy: { createdAt: "asc" } });
}

export async function fill(database: string, users: number, rows: number): Promise<void> {
  const conn = await connect(benchServer(), { database });
  try {
    await conn.query(
      `INSERT INTO tenant_users (uuid, first_name, last_name, email, password_hash, must_change_password, tenant_id, status, metadata, created_at, updated_at)
       SELECT UUID(), CONCAT('First', seq), CONCAT('Last', seq), CONCAT('user', seq, '@bench.example'),
              '$2a$10$abcdefghijklmnopqrstuuQWERTYUIOPASDFGHJKLZXCVBNM12345', 0, 1, 'active',
              JSON_OBJECT('n', seq, 'note', 'it''s "quoted"'), NOW(3), NOW(3)
       FROM seq_1_to_${users}`,
    );
    const registrations = Math.ceil(rows * 0.7);
    await conn.query(
      `INSERT INTO tenant_user_registrations (uuid, tenant_id, email, first_name, last_name, status, user_id, created_at, updated_at)
       SELECT UUID(), 1, CONCAT('reg', seq, '@bench.example'), CONCAT('F', seq), CONCAT('L', seq), 'pending', NULL, NOW(3), NOW(3)
       FROM seq_1_to_${registrations}`,
    );
    await conn.query(
      `INSERT INTO committee_users (uuid, tenant_id, first_name, last_name, email, committee_role, status, created_at, updated_at)
       SELECT UUID(), 1, CONCAT('C', seq), CONCAT('M', seq), CONCAT('member', seq, '@bench.example'), 'member', 'active', NOW(3), NOW(3)
       FROM seq_1_to_${rows - registrations}`,
    );
  } finally {
    await conn.end();
  }
}

function timeFigure(benchmark: string, metric: string, ours: number, tool: number, target: number): Figure {
  return {
    benchmark,
    metric,
    value: ours / 1000,
    unit: "s",
    baseline: tool / 1000,
    ratio: ours / tool,
    target: target === 1 ? "faster than the tool" : `≤${target}x the tool's time`,
    pass: target === 1 ? ours < tool : ours / tool <= target,
  };
}

export async function backupBenchmark(sizes: BackupBenchSizes): Promise<Figure[]> {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-backups-"));
  const toolDir = path.join(dir, "tool");
  const previous = process.env.BACKUP_DIR;
  process.env.BACKUP_DIR = dir;
  resetEnvCache();
  try {
    const [big, ...small] = await provision(1 + sizes.tenants);
    if (!big) throw new Error("no tenant provisioned");
    await fill(big.databaseName, sizes.users, sizes.rows);
    await shell(`mkdir -p ${toolDir}`);

    // 1. One big tenant.
    const [toolBackupMs] = await timed(() =>
      shell(`${client("mariadb-dump")} --single-transaction ${big.databaseName} | gzip > ${toolDir}/big.sql.gz`),
    );
    const [oursBackupMs, ours] = await timed(() => backupTenant(big.slug, { actor: OPERATOR }));
    const sqlMiB = ours.sqlBytes / MiB;
    const rate = (ms: number) => `${(sqlMiB / (ms / 1000)).toFixed(1)}`;

    // 2. Its restore.
    const toolCopy = `${big.databaseName}_toolcopy`;
    const admin = await connect(benchServer());
    await admin.query(`CREATE DATABASE ${toolCopy}`);
    const [toolRestoreMs] = await timed(() =>
      shell(`gunzip -c ${toolDir}/big.sql.gz | ${client("mariadb")} ${toolCopy}`),
    );
    await dropDatabase(admin, toolCopy);
    const [oursRestoreMs] = await timed(() => restoreTenant(big.slug, { actor: OPERATOR }));
    await dropPreviousDatabases(big.slug, OPERATOR);
    await admin.end();

    // 3. The fleet, at the same concurrency.
    await mapBounded(small, 8, (t) => fill(t.databaseName, 50, 500));
    const [toolFleetMs] = await timed(() =>
      mapBounded(small, sizes.concurrency, (t) =>
        shell(`${client("mariadb-dump")} --single-transaction ${t.databaseName} | gzip > ${toolDir}/${t.slug}.sql.gz`),
      ),
    );
    const [oursFleetMs, fleet] = await timed(() =>
      backupFleet({ actor: OPERATOR, concurrency: sizes.concurrency, slugs: small.map((t) => t.slug) }),
    );
    if (fleet.counts.failed > 0) throw new Error(`${fleet.counts.failed} tenant backups failed`);

    const label = `${sizes.users.toLocaleString("en")} users + ${sizes.rows.toLocaleString("en")} rows, ${sqlMiB.toFixed(0)} MiB of SQL`;
    return [
      timeFigure(
        "backup",
        `1 tenant (${label}): ${rate(oursBackupMs)} vs ${rate(toolBackupMs)} MiB/s`,
        oursBackupMs,
        toolBackupMs,
        1.5,
      ),
      {
        benchmark: "backup",
        metric: "file size (ours encrypted, vs the tool's .sql.gz)",
        value: ours.sizeBytes / MiB,
        unit: "MiB",
        baseline: statSync(`${toolDir}/big.sql.gz`).size / MiB,
        ratio: ours.sizeBytes / statSync(`${toolDir}/big.sql.gz`).size,
      },
      timeFigure(
        "restore",
        `1 tenant (verified against the manifest, then switched): ${rate(oursRestoreMs)} vs ${rate(toolRestoreMs)} MiB/s`,
        oursRestoreMs,
        toolRestoreMs,
        1.5,
      ),
      timeFigure(
        "backup --all",
        `${small.length} small tenants, ${sizes.concurrency} at a time`,
        oursFleetMs,
        toolFleetMs,
        1,
      ),
    ];
  } finally {
    if (previous === undefined) delete process.env.BACKUP_DIR;
    else process.env.BACKUP_DIR = previous;
    resetEnvCache();
    rmSync(dir, { recursive: true, force: true });
  }
}
