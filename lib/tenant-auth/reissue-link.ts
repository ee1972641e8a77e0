// Reissuing a tenant admin's setup link: for an existing, active admin who
// lost their link or password. A new link and a new initial password go to
// the email stored for them (never another address); their earlier links,
// their password and their sessions stop working at once. The console and
// `tenants reissue-link` both call this.
import "server-only";
import { randomUUID } from "node:crypto";
import { landlord } from "../db/landlord";
import { tenantClient } from "../db/tenant-clients";
import { AppError } from "../errors";
import { deliverEmail } from "../mail/send";
import { hashPassword } from "../passwords";
import { type Actor, audit } from "../platform/audit";
import { normalizeSlug } from "../platform/slugs";
import { storeCredentialEmail } from "./credential-email";
import { initialPasswordExpiry } from "./initial-password";
import { revokeOtherSessions } from "./sessions";

export interface ReissuedLink {
  slug: string;
  email: string;
  emailId: string;
  /** `sent` through the provider, or `stored` in the outbox (the development mailbox). */
  delivery: "sent" | "stored";
  sessionsEnded: number;
}

export async function reissueSetupLink(
  slugInput: string,
  options: { email?: string; reason?: string },
  actor: Actor,
): Promise<ReissuedLink> {
  const slug = normalizeSlug(slugInput);
  const tenant = await landlord().tenant.findUnique({ where: { slug } });
  if (!tenant || tenant.deletedAt) throw new AppError("NOT_FOUND", `No tenant ${slug}.`, { slug });
  if (tenant.status !== "active") {
    throw new AppError("INVALID_STATE", `Tenant ${slug} is ${tenant.status}: activate it before reissuing a link.`);
  }
  const db = tenantClient(tenant);
  const admins = await db.tenantUser.findMany({
    where: { status: "active", deletedAt: null, roles: { some: { role: { name: "tenant_admin" } } } },
    select: { id: true, email: true, firstName: true, lastName: true, metadata: true },
    orderBy: { id: "asc" },
  });
  const wanted = options.email?.trim().toLowerCase();
  const admin = wanted
    ? admins.find((a) => a.email === wanted)
    : admins.length === 1
      ? admins[0]
      : admins.find((a) => (a.metadata as { is_initial_admin?: boolean } | null)?.is_initial_admin);
  if (!admin) {
    throw new AppError(
      wanted ? "NOT_FOUND" : "INVALID_INPUT",
      wanted
        ? `${wanted} is not an active admin of ${slug}.`
        : `${slug} has ${admins.length} active admins: say which with --email.`,
    );
  }

  const { emailId, password } = await storeCredentialEmail(
    { tenant, email: admin.email, name: `${admin.firstName} ${admin.lastName}`.trim() },
    `reissue:${tenant.id}:${randomUUID()}`,
    { reissued: true },
  );
  if (!password) throw new AppError("INVALID_STATE", "The new link's email lost its secrets; reissue again.");
  const passwordHash = await hashPassword(password);
  const sessionsEnded = await db.$transaction(async (tx) => {
    await tx.tenantUser.update({
      where: { id: admin.id },
      data: { passwordHash, mustChangePassword: true, passwordExpiresAt: initialPasswordExpiry() },
    });
    return revokeOtherSessions(tx, admin.id);
  });
  await audit({
    actor,
    action: "tenant.link_reissued",
    tenantId: tenant.id,
    context: {
      slug,
      email: admin.email,
      emailId,
      sessionsEnded,
      ...(options.reason ? { reason: options.reason } : {}),
    },
  });
  const sent = await deliverEmail(emailId);
  return { slug, email: admin.email, emailId, delivery: sent.status, sessionsEnded };
}
