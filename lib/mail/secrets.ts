// Secrets in emails (setup and confirmation links, initial passwords). An
// email is stored with a placeholder where each secret goes, and the secrets
// themselves sealed by the keyring beside it; they are put in only on the way
// to the provider (or, with no provider, on the development mailbox's page).
// Placeholders carry part of the email's id, which no visitor can know when
// typing text that ends up in the email, so typed text never becomes a secret.
import "server-only";
import { open, seal } from "../keyring";

export type Secrets = Record<string, string>;

/** What the stored copy shows once the provider has the email. */
export const SENT_TO_RECIPIENT = "(sent to the recipient only)";

function tag(emailId: string): string {
  return `[[secret-${emailId.replaceAll("-", "").slice(0, 12)}`;
}

export function placeholders(emailId: string, names: string[]): Secrets {
  return Object.fromEntries(names.map((name) => [name, `${tag(emailId)}:${name}]]`]));
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The stored body with each placeholder replaced: by its secret, or by `fallback` when it has none. */
export function fill(
  body: string,
  emailId: string,
  secrets: Secrets,
  as: "html" | "text",
  fallback = SENT_TO_RECIPIENT,
) {
  const pattern = new RegExp(`${tag(emailId).replace(/[[\]]/g, "\\$&")}:([A-Za-z0-9_]+)\\]\\]`, "g");
  return body.replace(pattern, (_match, name: string) => {
    const value = secrets[name] ?? fallback;
    return as === "html" ? escapeHtml(value) : value;
  });
}

/** Where a sealed copy is bound: its row (lib/keyring.ts). */
export const secretsContext = (emailId: string) => `email_outbox.secrets:${emailId}`;
const context = secretsContext;

export function sealSecrets(emailId: string, secrets: Secrets): string {
  return seal(JSON.stringify(secrets), context(emailId));
}

export function openSecrets(emailId: string, sealed: string | null): Secrets {
  return sealed ? (JSON.parse(open(sealed, context(emailId)).toString("utf8")) as Secrets) : {};
}
