// Database identifiers: the only way a name reaches SQL. Pure (no driver), so
// the slug rules that the browser also runs can share the tenant prefix.
import { AppError } from "../errors";

const IDENTIFIER = /^[A-Za-z0-9_]{1,64}$/;

/** Every tenant database's name starts with this, so operators can tell ours apart. */
export const DATABASE_PREFIX = "tenant_";

export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/** Backtick-quotes an identifier of 1-64 letters, digits or underscores; refuses anything else. */
export function quoteIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new AppError("INVALID_INPUT", `Refusing unsafe database identifier "${name}".`);
  }
  return `\`${name}\``;
}
