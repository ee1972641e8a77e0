// The one error type of the domain. Codes stay few; the action layer turns
// each into a message a person can act on (see lib/actions.ts).
export type ErrorCode =
  | "INVALID_INPUT"
  | "NOT_FOUND"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "CONFLICT"
  | "INVALID_STATE"
  | "RATE_LIMITED"
  | "UNAVAILABLE"
  | "CONFIG"
  | "MIGRATION";

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }
}

export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}

// Driver codes for a server that could not be reached or dropped the connection
// (as opposed to one that answered and refused a statement).
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "ER_GET_CONNECTION_TIMEOUT",
  "ER_CONNECTION_TIMEOUT",
  "ER_SOCKET_UNEXPECTED_CLOSE",
  "ER_CONNECTION_ALREADY_CLOSED",
]);

/** Whether a database server did not answer or went away: worth waiting for, unlike a refused statement. */
export function isConnectionFailure(error: unknown): boolean {
  const code = isAppError(error) ? error.details?.connection : (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && CONNECTION_CODES.has(code);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An error as one line: for SQL errors the server's own words (the driver's message repeats the whole SQL). */
export function describeError(error: unknown): string {
  const e = error as { code?: string; text?: string } | null;
  const text = typeof e?.text === "string" ? `${e.code ?? "ERROR"}: ${e.text}` : errorMessage(error);
  return text.replace(/\s+/g, " ").trim();
}
