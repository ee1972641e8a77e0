// Every column that holds a value sealed by the keyring, and the context each
// value is bound to: what `tenants keys:rotate` re-seals. A feature that keeps
// a new kind of secret adds its column here.
import "server-only";
import { secretsContext } from "../mail/secrets";

export interface SealedColumn {
  table: string;
  column: string;
  /** The primary key column. */
  id: string;
  context: (id: string) => string;
}

export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: "email_outbox", column: "secrets", id: "id", context: secretsContext },
];
