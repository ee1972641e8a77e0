// The retry policy: a server that does not answer is waited for longer than a
// step that failed for another reason. The errors come from the real driver.
import mariadb from "mariadb";
import { describe, expect, it } from "vitest";
import { AppError, isConnectionFailure } from "../errors";
import { OUTAGE_FACTOR, retryDelayMs } from "./policy";

// Nothing listens on port 1: the connection is refused at once.
const refused = () =>
  mariadb.createConnection({ host: "127.0.0.1", port: 1, user: "root", connectTimeout: 2000 }).then(
    () => {
      throw new Error("something listens on port 1");
    },
    (error: unknown) => error,
  );

describe("retry policy", () => {
  it("waits 0.25 s, 0.5 s and 1 s after an ordinary failure", () => {
    const failure = new Error("Deadlock found when trying to get lock");
    expect([1, 2, 3].map((n) => retryDelayMs(n, failure))).toEqual([250, 500, 1000]);
    expect(retryDelayMs(2, failure, 1)).toBe(2);
  });

  it("waits 4 s, 8 s and 16 s when the server refused the connection", async () => {
    const error = await refused();
    expect((error as { code?: string }).code).toBe("ECONNREFUSED");
    expect(isConnectionFailure(error)).toBe(true);
    expect([1, 2, 3].map((n) => retryDelayMs(n, error))).toEqual([4000, 8000, 16000]);
    expect(retryDelayMs(1, error, 1)).toBe(OUTAGE_FACTOR);
  });

  it("knows a connection failure the portal wrapped, and not a statement the server refused", () => {
    expect(isConnectionFailure(new AppError("UNAVAILABLE", "Cannot reach", { connection: "ETIMEDOUT" }))).toBe(true);
    expect(isConnectionFailure(new AppError("UNAVAILABLE", "No database server takes new tenants"))).toBe(false);
    expect(isConnectionFailure(Object.assign(new Error("Access denied"), { code: "ER_ACCESS_DENIED_ERROR" }))).toBe(
      false,
    );
    expect(isConnectionFailure(null)).toBe(false);
  });
});
