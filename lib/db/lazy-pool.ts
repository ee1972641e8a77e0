// A tenant's pool of at most `limit` connections that opens one only when work
// asks for it. The driver's pool cannot: with minimumIdle 0 it never opens a
// connection (mariadb 3.4.5), and with 1 it opens a second as soon as the
// first is in use, so every cold tenant cost two sign-ins to the server and
// held two connections under the global cap for work that needed one.
// It offers the part of the driver's Pool that the Prisma adapter and raw
// callers use (getConnection, query, execute, end).
import "server-only";
import mariadb, { type ConnectionConfig, type PoolConnection, type QueryOptions } from "mariadb";

interface Waiter {
  resolve: (conn: PoolConnection) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class LazyPool {
  private readonly idle: PoolConnection[] = [];
  private readonly waiters: Waiter[] = [];
  /** Connections open or being opened. */
  private open = 0;
  private drained?: () => void;
  closed = false;

  constructor(
    private readonly config: ConnectionConfig,
    private readonly limit: number,
    private readonly acquireTimeoutMs = 20_000,
  ) {}

  totalConnections(): number {
    return this.open;
  }

  idleConnections(): number {
    return this.idle.length;
  }

  async getConnection(): Promise<PoolConnection> {
    if (this.closed) throw new Error("The tenant pool is closed.");
    let idle = this.idle.pop();
    while (idle && !idle.isValid()) {
      await this.discard(idle);
      idle = this.idle.pop();
    }
    if (idle) return idle;
    if (this.open < this.limit) return this.connect();
    return new Promise<PoolConnection>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(new Error(`No tenant connection free after ${this.acquireTimeoutMs} ms.`));
        }, this.acquireTimeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  async query<T = unknown>(sql: string | QueryOptions, values?: unknown): Promise<T> {
    return this.withConnection((conn) => conn.query<T>(sql, values));
  }

  async execute<T = unknown>(sql: string | QueryOptions, values?: unknown): Promise<T> {
    return this.withConnection((conn) => conn.execute<T>(sql, values));
  }

  /** Closes the idle connections now and the others as they come back. */
  async end(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error("The tenant pool is closed."));
    }
    const ended = this.open === 0 ? Promise.resolve() : new Promise<void>((resolve) => (this.drained = resolve));
    await Promise.all(this.idle.splice(0).map((conn) => this.discard(conn)));
    await ended;
  }

  private async withConnection<T>(work: (conn: PoolConnection) => Promise<T>): Promise<T> {
    const conn = await this.getConnection();
    try {
      return await work(conn);
    } finally {
      await conn.release();
    }
  }

  private async connect(): Promise<PoolConnection> {
    this.open++;
    let conn: PoolConnection;
    try {
      conn = (await mariadb.createConnection(this.config)) as PoolConnection;
    } catch (error) {
      this.open--;
      this.serveWaiter();
      throw error;
    }
    // A connection the server closes (a restart, a KILL, wait_timeout) emits an error event; with
    // no listener that would end the process. An idle one is dropped at once, a busy one when given back.
    conn.on("error", () => {
      const at = this.idle.indexOf(conn);
      if (at >= 0) {
        this.idle.splice(at, 1);
        void this.discard(conn);
      }
    });
    let released = false;
    conn.release = async () => {
      if (released) return;
      released = true;
      await this.giveBack(conn, () => {
        released = false;
      });
    };
    return conn;
  }

  private async giveBack(conn: PoolConnection, lend: () => void): Promise<void> {
    if (this.closed || !conn.isValid()) return this.discard(conn);
    lend();
    const waiter = this.waiters.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.resolve(conn);
    } else this.idle.push(conn);
  }

  /** Counted as open until the server has been told goodbye, so a cap never sees one more. */
  private async discard(conn: PoolConnection): Promise<void> {
    await conn.end().catch(() => conn.destroy());
    this.open--;
    if (this.closed && this.open === 0) this.drained?.();
    this.serveWaiter();
  }

  /** A place freed while someone waits: open a connection for them. */
  private serveWaiter(): void {
    if (this.closed || this.open >= this.limit) return;
    const waiter = this.waiters.shift();
    if (!waiter) return;
    clearTimeout(waiter.timer);
    this.connect().then(waiter.resolve, waiter.reject);
  }
}
