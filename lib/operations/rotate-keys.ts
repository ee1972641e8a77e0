// `tenants keys:rotate`: re-seals every secret kept at rest under the current
// key (the first of ENCRYPTION_KEYS), so an old key can then be dropped from
// the list. In batches, each value replaced only if nobody changed it meanwhile;
// safe to stop and run again.
import "server-only";
import { quoteIdentifier } from "../db/identifiers";
import { landlord } from "../db/landlord";
import { keyring, reseal } from "../keyring";
import { type Actor, audit } from "../platform/audit";
import { SEALED_COLUMNS } from "./sealed-columns";

const BATCH = 500;

export interface RotationReport {
  keyId: string;
  columns: { table: string; column: string; resealed: number }[];
}

export async function rotateKeys(actor: Actor): Promise<RotationReport> {
  const db = landlord();
  const keyId = keyring().current.id;
  const report: RotationReport = { keyId, columns: [] };
  for (const sealed of SEALED_COLUMNS) {
    const [table, column, id] = [sealed.table, sealed.column, sealed.id].map(quoteIdentifier);
    let resealed = 0;
    let after = "";
    for (;;) {
      const rows = await db.$queryRawUnsafe<{ id: string; value: string }[]>(
        `SELECT ${id} AS id, ${column} AS value FROM ${table}
         WHERE ${column} IS NOT NULL AND ${column} NOT LIKE ? AND ${id} > ? ORDER BY ${id} LIMIT ${BATCH}`,
        `v1:${keyId}:%`,
        after,
      );
      for (const row of rows) {
        const value = reseal(row.value, sealed.context(row.id));
        resealed += await db.$executeRawUnsafe(
          `UPDATE ${table} SET ${column} = ? WHERE ${id} = ? AND ${column} = ?`,
          value,
          row.id,
          row.value,
        );
      }
      if (rows.length < BATCH) break;
      after = rows.at(-1)?.id ?? after;
    }
    report.columns.push({ table: sealed.table, column: sealed.column, resealed });
  }
  await audit({ actor, action: "keys.rotated", context: { keyId, columns: report.columns } });
  return report;
}
