// The audit log as a CSV file, streamed: the filtered entries, newest first,
// read in keyset batches (lib/platform/audit-log.ts walks) as the client
// reads, so a million entries never sit in memory and a client that goes away
// stops the reading. Entries written while the file streams are newer than its
// first row and are not in it: the file is the log as of its start.
// Every cell goes through lib/csv.ts (quoting, formula injection defused).
import "server-only";
import { csvRow, UTF8_BOM } from "../csv";
import { type Actor, audit } from "./audit";
import { type AuditRow, auditWhere, walkAuditLog, withSubjects } from "./audit-log";
import { type AuditFilters, activeFilters } from "./audit-log-params";

export const EXPORT_BATCH = 1000;

export const AUDIT_CSV_HEADER = [
  "created_at",
  "id",
  "actor_type",
  "actor_id",
  "actor",
  "action",
  "application_id",
  "application_reference",
  "organization",
  "tenant_id",
  "tenant_slug",
  "ip",
  "user_agent",
  "context",
] as const;

function line(row: AuditRow): string {
  return csvRow([
    row.createdAt,
    row.id,
    row.actorType,
    row.actorId,
    row.actorLabel,
    row.action,
    row.applicationId,
    row.application?.reference,
    row.application?.organizationName ?? row.tenant?.name,
    row.tenantId,
    row.tenant?.slug,
    row.ip,
    row.userAgent,
    row.context === null || row.context === undefined ? "" : JSON.stringify(row.context),
  ]);
}

/** "audit-log-2026-11-28.csv": the day of the export (UTC). */
export function auditCsvFilename(now = new Date()): string {
  return `audit-log-${now.toISOString().slice(0, 10)}.csv`;
}

/** The filtered entries as CSV bytes: a header row, then one row per entry, read `batchSize` at a time. */
export function auditCsvStream(filters: AuditFilters, batchSize = EXPORT_BATCH): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let selection: Awaited<ReturnType<typeof auditWhere>> | undefined;
  let from: string[] | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async start(controller) {
        selection = await auditWhere(filters);
        controller.enqueue(encoder.encode(UTF8_BOM + csvRow(AUDIT_CSV_HEADER)));
        if (!selection) controller.close();
      },
      // Called each time the client has taken what was queued: one batch per call.
      async pull(controller) {
        if (!selection) return;
        const rows = await walkAuditLog(selection, { from, backward: false, take: batchSize });
        const last = rows.at(-1);
        if (last) {
          controller.enqueue(encoder.encode((await withSubjects(rows)).map(line).join("")));
          from = [last.createdAt.toISOString(), last.id.toString()];
        }
        if (rows.length < batchSize) controller.close();
      },
    },
    { highWaterMark: 1 },
  );
}

/** Records who exported what (the file holds addresses and user agents), then streams it. */
export async function exportAuditLog(
  filters: AuditFilters,
  actor: Actor,
  now = new Date(),
): Promise<{ filename: string; stream: ReadableStream<Uint8Array> }> {
  await audit({ actor, action: "audit.exported", context: { filters: activeFilters(filters) } });
  return { filename: auditCsvFilename(now), stream: auditCsvStream(filters) };
}
