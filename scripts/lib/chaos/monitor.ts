// The chaos run's own view of the landlord while faults fly: one raw
// connection (its id is known, so the connection killer spares it), opened
// again whenever it breaks. The run keeps no other landlord connection open
// during the burst, so every other one of the portal's user on the landlord
// database is the portal's.
import type { Connection } from "mariadb";
import { connect, landlordDatabase } from "@/lib/db/server";

export interface Progress {
  statuses: Record<string, number>;
  runningRuns: number;
  activeRuns: number;
}

export class Monitor {
  private conn: Connection | undefined;
  readonly database = landlordDatabase();

  private async connection(): Promise<Connection> {
    if (this.conn?.isValid()) return this.conn;
    await this.conn?.end().catch(() => undefined);
    const conn = await connect(this.database, { database: this.database.database });
    conn.on("error", () => undefined); // a broken connection is replaced at the next query
    this.conn = conn;
    return conn;
  }

  async query<T>(sql: string, values?: unknown[]): Promise<T[]> {
    try {
      return (await (await this.connection()).query(sql, values)) as T[];
    } catch {
      this.conn = undefined;
      return (await (await this.connection()).query(sql, values)) as T[];
    }
  }

  async connectionId(): Promise<number> {
    const [row] = await this.query<{ id: bigint | number }>("SELECT CONNECTION_ID() AS id");
    return Number(row?.id);
  }

  async status(applicationId: string): Promise<string | undefined> {
    const [row] = await this.query<{ status: string }>("SELECT status FROM tenant_applications WHERE id = ?", [
      applicationId,
    ]);
    return row?.status;
  }

  async progress(): Promise<Progress> {
    const rows = await this.query<{ status: string; n: bigint | number }>(
      "SELECT status, COUNT(*) AS n FROM tenant_applications GROUP BY status",
    );
    const [runs] = await this.query<{ running: bigint | number | null; active: bigint | number | null }>(
      `SELECT SUM(status = 'running') AS running, SUM(status IN ('queued', 'running')) AS active FROM provisioning_runs`,
    );
    return {
      statuses: Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])),
      runningRuns: Number(runs?.running ?? 0),
      activeRuns: Number(runs?.active ?? 0),
    };
  }

  /**
   * Kills one of the portal's landlord connections from the server side, a
   * busy one if there is one. Returns what was killed, or undefined if the
   * portal had none open.
   */
  async killPortalConnection(): Promise<{ id: number; command: string } | undefined> {
    const mine = await this.connectionId();
    const rows = await this.query<{ id: bigint | number; command: string }>(
      `SELECT ID AS id, COMMAND AS command FROM information_schema.PROCESSLIST
        WHERE USER = ? AND DB = ? AND ID <> ? ORDER BY COMMAND = 'Sleep', RAND() LIMIT 1`,
      [this.database.user, this.database.database, mine],
    );
    const victim = rows[0];
    if (!victim) return undefined;
    try {
      await this.query(`KILL CONNECTION ${Number(victim.id)}`);
    } catch {
      return undefined; // it closed on its own in between
    }
    return { id: Number(victim.id), command: victim.command };
  }

  async close(): Promise<void> {
    await this.conn?.end().catch(() => undefined);
    this.conn = undefined;
  }
}
