// 1. Provisioning latency: approval → provisioned, one after another, inline
// driver, email to the outbox. The floor, interleaved run by run: the same
// tenant migration SQL over one connection, the admin row, one bcrypt hash at
// the same cost. Targets: p50 within 1.5x the floor's p50; p95 under 1 s.
import { randomBytes, randomUUID } from "node:crypto";
import { landlord } from "@/lib/db/landlord";
import { connect, dropDatabase } from "@/lib/db/server";
import { inlineDriver, inlineIdle } from "@/lib/provisioning/inline-driver";
import { approveAndStart } from "@/lib/provisioning/start";
import { floorDatabaseName, floorTenant, tenantMigrationSql } from "./floor";
import { benchServer, type Figure, percentile, timed } from "./lib";

const ADMIN = { type: "operator" as const, label: "bench" };

export async function newApplication(prefix: string) {
  const slug = `${prefix}-${randomBytes(4).toString("hex")}`;
  return landlord().tenantApplication.create({
    data: {
      id: randomUUID(),
      reference: `B-${randomBytes(5).toString("hex")}`,
      organizationName: `Bench ${slug}`,
      requestedSlug: slug,
      contactFirstName: "Bench",
      contactLastName: "Mark",
      contactEmail: `admin@${slug}.example`,
      organizationType: "association",
      country: "DE",
      expectedVoters: 100,
      status: "pending", // confirmed by the applicant: ready for review
    },
  });
}

/**
 * One approval, timed from the approval to `provisioned`: the moment the last
 * step moved the application (provisioning_completed_at, stamped by this
 * process's clock in that transaction), not the bookkeeping after it.
 */
async function provisionOnce(): Promise<number> {
  const application = await newApplication("lat");
  const approvedAt = Date.now();
  await approveAndStart(application.id, ADMIN, undefined, inlineDriver);
  await inlineIdle();
  const after = await landlord().tenantApplication.findUniqueOrThrow({ where: { id: application.id } });
  if (after.status !== "provisioned" || !after.provisioningCompletedAt) {
    throw new Error(`provisioning failed: ${after.failureReason}`);
  }
  return after.provisioningCompletedAt.getTime() - approvedAt;
}

/** The floor: what one tenant costs with nothing around it. */
async function floorOnce(sql: string): Promise<number> {
  const database = floorDatabaseName();
  const conn = await connect(benchServer(), { multipleStatements: true });
  try {
    const [ms] = await timed(() => floorTenant(conn, database, sql));
    await dropDatabase(conn, database);
    return ms;
  } finally {
    await conn.end();
  }
}

export async function provisioningLatency(count = 30): Promise<Figure[]> {
  const sql = await tenantMigrationSql();
  await provisionOnce(); // warm up: first Prisma clients, first email render
  await floorOnce(sql);
  const ours: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < count; i++) {
    ours.push(await provisionOnce());
    floor.push(await floorOnce(sql));
  }
  const p50 = percentile(ours, 50);
  const p95 = percentile(ours, 95);
  const floorP50 = percentile(floor, 50);
  return [
    {
      benchmark: "provisioning",
      metric: "p50 approval→provisioned",
      value: p50,
      unit: "ms",
      baseline: floorP50,
      ratio: p50 / floorP50,
      target: "≤1.5x floor",
      pass: p50 / floorP50 <= 1.5,
    },
    {
      benchmark: "provisioning",
      metric: "p95 approval→provisioned",
      value: p95,
      unit: "ms",
      baseline: percentile(floor, 95),
      target: "<1000 ms",
      pass: p95 < 1000,
    },
  ];
}
