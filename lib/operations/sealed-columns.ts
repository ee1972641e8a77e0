// Every column that holds a value sealed by the keyring, and the context each
// value is bound to: what `tenants keys:rotate` re-seals. A feature that keeps
// a new kind of secret adds its column here.
import "server-only";
import { serverPasswordContext } from "../db/servers";
import { credentialPasswordContext } from "../db/tenant-credentials";
import { secretsContext } from "../mail/secrets";
import { totpSecretContext } from "../platform/two-factor";
import { dataKeyContext } from "./backups/manifest";

export interface SealedColumn {
  table: string;
  column: string;
  /** The primary key column. */
  id: string;
  context: (id: string) => string;
}

export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: "email_outbox", column: "secrets", id: "id", context: secretsContext },
  { table: "users", column: "totp_secret", id: "id", context: totpSecretContext },
  { table: "database_servers", column: "admin_password", id: "id", context: serverPasswordContext },
  { table: "tenant_credentials", column: "password", id: "username", context: credentialPasswordContext },
  // Each backup file's data key (the copy in the manifest beside the file keeps its old key id).
  { table: "tenant_backups", column: "data_key", id: "id", context: dataKeyContext },
];
