// The email that carries a tenant admin's way in: a one-time setup link and an
// initial password, both made when the email is first stored (once per key)
// and kept only sealed with it (lib/mail). The welcome step of provisioning and
// a reissued link both send it. Opening the stored copy again is how a retried
// step, in any process, learns the same password the email holds.
import "server-only";
import { createElement } from "react";
import { WelcomeEmail } from "@/emails/welcome";
import { landlord } from "../db/landlord";
import { env } from "../env";
import { openSecrets } from "../mail/secrets";
import { storeEmail } from "../mail/send";
import { newInitialPassword } from "./initial-password";
import { issueSetupToken } from "./setup-tokens";

export interface CredentialRecipient {
  tenant: { id: string; name: string; slug: string };
  email: string;
  name: string;
}

export interface StoredCredentialEmail {
  emailId: string;
  /** The initial password it carries; null once delivery is settled and the secrets are gone. */
  password: string | null;
}

export async function storeCredentialEmail(
  to: CredentialRecipient,
  idempotencyKey: string,
  options: { reissued?: boolean; password?: string; applicationId?: string } = {},
): Promise<StoredCredentialEmail> {
  const config = env();
  const { id } = await storeEmail({
    template: "welcome",
    to: to.email,
    subject: options.reissued
      ? `A new setup link for ${to.tenant.name} on the Election Platform`
      : `${to.tenant.name} is ready on the Election Platform`,
    idempotencyKey,
    applicationId: options.applicationId,
    tenantId: to.tenant.id,
    // Issuing a token withdraws the account's earlier unused ones: at most one link works.
    secrets: async () => {
      const { token } = await issueSetupToken(to.tenant.id, to.email);
      return {
        setupUrl: `${config.APP_URL}/setup-password/${token}`,
        initialPassword: options.password ?? newInitialPassword(),
      };
    },
    react: (secret) =>
      createElement(WelcomeEmail, {
        organizationName: to.tenant.name,
        contactName: to.name,
        email: to.email,
        loginUrl: `${config.APP_URL}/${to.tenant.slug}/login`,
        setupUrl: secret.setupUrl ?? "",
        initialPassword: secret.initialPassword ?? "",
        expiresInHours: config.SETUP_TOKEN_TTL_HOURS,
        reissued: options.reissued ?? false,
      }),
  });
  const row = await landlord().emailOutbox.findUniqueOrThrow({ where: { id }, select: { secrets: true } });
  return { emailId: id, password: openSecrets(id, row.secrets).initialPassword ?? null };
}
