// The console benchmark's data: a million applications, two thousand tenants
// and a million audit entries by default, written by INSERT ... SELECT from
// MariaDB's sequence engine (seq_1_to_N) in chunks of CHUNK rows: a
// few minutes for everything on this machine, where row-by-row inserts
// would take hours. Statistics are refreshed afterwards (ANALYZE TABLE), as
// InnoDB would do by itself some time after a load this size.
//
// Shaped like a platform a couple of years old that a million applications
// reached and two thousand became tenants: one application a minute going
// back about two years (1,000,000 minutes), one in 500 provisioned and one in
// 5,000 failed (each with its run and six steps), the rest mostly rejected or
// expired; only the last day's can be unconfirmed, approved or provisioning,
// only the last 30 days' pending (so the portal's expiry job finds nothing to
// do while the benchmark runs); tenants with snapshots and a few in
// maintenance; one audit entry every 30 seconds. Ids are UUID-shaped and
// ascending (the sequence number in hex), so the clustered index fills in
// order. Every write goes through the triggers, so the status counts are exact.
import { landlord } from "@/lib/db/landlord";

export interface ConsoleSizes {
  applications: number;
  tenants: number;
  audit: number;
}

export const CONSOLE_SIZES: ConsoleSizes = { applications: 1_000_000, tenants: 2_000, audit: 1_000_000 };

const CHUNK = 100_000;
const MINUTES_30_DAYS = 30 * 24 * 60;

/** A UUID-shaped id from a sequence number; `kind` keeps applications, tenants and runs apart. */
const uuidOf = (seq: string, kind: string) =>
  `LOWER(CONCAT(LPAD(HEX(${seq}), 8, '0'), '-0000-4000-${kind}-', LPAD(HEX(${seq}), 12, '0')))`;

const sqlTime = (date: Date) => `TIMESTAMP'${date.toISOString().replace("T", " ").replace("Z", "")}'`;

async function inChunks(total: number, insert: (from: number, to: number) => string): Promise<void> {
  for (let from = 1; from <= total; from += CHUNK) {
    await landlord().$executeRawUnsafe(insert(from, Math.min(total, from + CHUNK - 1)));
  }
}

function positive(n: number, name: string): number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, not ${n}`);
  return n;
}

export async function seedConsole(sizes: ConsoleSizes = CONSOLE_SIZES, now = new Date()): Promise<void> {
  const apps = positive(sizes.applications, "applications");
  const tenants = positive(sizes.tenants, "tenants");
  const audit = positive(sizes.audit, "audit entries");
  const base = sqlTime(now);

  await inChunks(
    apps,
    (from, to) => `
    INSERT INTO tenant_applications (id, reference, organization_name, requested_slug, contact_first_name,
      contact_last_name, contact_email, organization_type, country, expected_voters, status, created_at, updated_at)
    SELECT ${uuidOf("seq", "8000")}, CONCAT('B', LPAD(CONV(seq, 10, 36), 8, '0')),
      CONCAT('Organization ', seq, ' ', ELT(1 + seq % 4, 'Votes', 'Union', 'Club', 'Council')),
      CONCAT('org-', seq), 'Bench', CONCAT('Person ', seq), CONCAT('contact', seq, '@org-', seq, '.example'),
      'association', 'DE', 100 + seq % 5000,
      CASE
        WHEN seq % 500 = 0 THEN 'provisioned'
        WHEN seq % 5000 = 250 THEN 'provisioning_failed'
        WHEN seq <= 1200 THEN ELT(1 + seq % 10, 'unconfirmed', 'unconfirmed', 'unconfirmed', 'pending', 'pending',
          'pending', 'rejected', 'rejected', 'approved', 'provisioning_started')
        WHEN seq <= ${MINUTES_30_DAYS} THEN ELT(1 + seq % 10, 'pending', 'pending', 'rejected', 'rejected', 'rejected',
          'rejected', 'expired', 'expired', 'closed', 'closed')
        ELSE ELT(1 + seq % 10, 'rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'expired', 'expired',
          'expired', 'expired', 'closed')
      END,
      ${base} - INTERVAL seq MINUTE, ${base} - INTERVAL seq MINUTE
    FROM seq_${from}_to_${to}`,
  );

  await landlord().$executeRawUnsafe(`
    INSERT INTO tenants (id, name, slug, email, database_name, status, created_at, updated_at, last_sign_in_at)
    SELECT ${uuidOf("seq", "9000")}, CONCAT('Tenant ', seq, ' Association'), CONCAT('bench-t', seq),
      CONCAT('admin@bench-t', seq, '.example'), CONCAT('tenant_bench_t', seq),
      ELT(1 + seq % 20, 'suspended', 'inactive', 'active', 'active', 'active', 'active', 'active', 'active', 'active',
        'active', 'active', 'active', 'active', 'active', 'active', 'active', 'active', 'active', 'active', 'active'),
      ${base} - INTERVAL seq * 7 HOUR, ${base} - INTERVAL seq HOUR,
      IF(seq % 3 = 0, NULL, ${base} - INTERVAL seq MINUTE)
    FROM seq_1_to_${tenants}`);
  // Every active or suspended tenant measured; a few behind on migrations or unhealthy.
  await landlord().$executeRawUnsafe(`
    INSERT INTO tenant_snapshots (tenant_id, database_exists, database_bytes, tables, migrations_applied,
      migrations_pending, migrations_failed, health_ok, problems, users_count, admins_count, refreshed_at)
    SELECT id, 1, 1048576 * (1 + numeric_id % 300), 12, 5, IF(numeric_id % 50 = 0, 1, 0), 0,
      numeric_id % 97 <> 0, IF(numeric_id % 97 = 0, 'no initial admin', NULL), numeric_id % 800, 1,
      ${base} - INTERVAL 5 MINUTE
    FROM tenants WHERE status <> 'inactive'`);
  await landlord().$executeRawUnsafe(`
    INSERT INTO tenant_maintenance_holds (id, tenant_id, kind, owner, message, ends_at, created_at)
    SELECT UUID(), id, 'admin', 'bench', 'Planned maintenance', NULL, ${base}
    FROM tenants WHERE numeric_id % 40 = 0`);

  // A run for every provisioned application and every failed one (whose migrations failed for good).
  await landlord().$executeRawUnsafe(`
    INSERT INTO provisioning_runs (id, application_id, driver, status, attempt, error, started_at, finished_at,
      duration_ms, created_at, updated_at)
    SELECT ${uuidOf("a.seq", "a000")}, a.id, 'inline', IF(a.status = 'provisioned', 'succeeded', 'failed'), 1,
      IF(a.status = 'provisioned', NULL, 'Run tenant migrations failed'),
      a.created_at + INTERVAL 1 HOUR, a.created_at + INTERVAL 1 HOUR + INTERVAL 1 SECOND,
      800 + (a.seq * 37) % 4000, a.created_at + INTERVAL 1 HOUR, a.created_at + INTERVAL 1 HOUR
    FROM (SELECT id, status, created_at, CAST(CONV(RIGHT(id, 12), 16, 10) AS UNSIGNED) AS seq FROM tenant_applications
          WHERE status IN ('provisioned', 'provisioning_failed')) a`);
  // Six steps a run; a failed run stopped at its migrations after four tries.
  await landlord().$executeRawUnsafe(`
    INSERT INTO provisioning_steps (run_id, name, position, status, attempts, started_at, finished_at, duration_ms)
    SELECT r.id,
      ELT(p.seq, 'create-tenant-record', 'create-database', 'run-migrations', 'seed-initial-admin',
        'send-welcome-email', 'activate-tenant'),
      p.seq,
      CASE WHEN r.status = 'succeeded' OR p.seq < 3 THEN 'succeeded' WHEN p.seq = 3 THEN 'failed' ELSE 'pending' END,
      CASE WHEN r.status = 'failed' AND p.seq = 3 THEN 4 WHEN r.status = 'failed' AND p.seq > 3 THEN 0
           WHEN CRC32(CONCAT(r.id, p.seq)) % 17 = 0 THEN 2 ELSE 1 END,
      r.started_at, r.finished_at, 100
    FROM provisioning_runs r JOIN seq_1_to_6 p`);

  await inChunks(
    audit,
    (from, to) => `
    INSERT INTO audit_logs (actor_type, actor_id, actor_label, action, application_id, tenant_id, ip, user_agent,
      context, created_at)
    SELECT ELT(1 + seq % 5, 'platform_admin', 'system', 'applicant', 'operator', 'platform_admin'),
      IF(seq % 5 IN (0, 4), CAST(1 + seq % 7 AS CHAR), NULL),
      ELT(1 + seq % 5, CONCAT('admin', 1 + seq % 7, '@bench.example'), 'system',
        CONCAT('contact', 1 + seq % ${apps}, '@org-', 1 + seq % ${apps}, '.example'), 'bench-operator',
        CONCAT('admin', 1 + seq % 7, '@bench.example')),
      ELT(1 + seq % 12, 'application.submitted', 'application.confirmed', 'application.approved',
        'application.rejected', 'provisioning.started', 'provisioning.completed', 'provisioning.step_failed',
        'tenant.suspended', 'tenant.activated', 'auth.signed_in', 'auth.signin_failed', 'tenant.hold_placed'),
      IF(seq % 12 < 7, ${uuidOf(`1 + seq % ${apps}`, "8000")}, NULL),
      IF(seq % 12 IN (7, 8, 11), ${uuidOf(`1 + seq % ${tenants}`, "9000")}, NULL),
      CONCAT('198.51.100.', seq % 250), 'Mozilla/5.0 (X11; Linux x86_64) bench',
      JSON_OBJECT('seq', seq, 'reference', CONCAT('B', LPAD(CONV(1 + seq % ${apps}, 10, 36), 8, '0'))),
      ${base} - INTERVAL seq * 30 SECOND
    FROM seq_${from}_to_${to}`,
  );
  await landlord().$queryRawUnsafe(
    "ANALYZE TABLE tenant_applications, tenants, tenant_snapshots, provisioning_runs, provisioning_steps, audit_logs",
  );
}
