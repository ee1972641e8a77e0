// A tenant's database server, as its console page shows it: which server it is
// on, the database user it connects as (never a password), and the servers it
// could be moved to; and the move itself from the console, whose failure is
// told as where the tenant is served from now.
import "server-only";
import { landlord } from "../db/landlord";
import { serverOf } from "../db/servers";
import { tenantUsername } from "../db/tenant-credentials";
import { AppError, describeError, isAppError } from "../errors";
import type { ServerState, Tenant } from "../generated/landlord/client";
import type { Actor } from "../platform/audit";
import { normalizeSlug } from "../platform/slugs";
import { type MoveResult, moveTenant } from "./move-tenant";
import { listServers } from "./servers";

export interface TenantServerView {
  server: { name: string; label: string; state: ServerState; unreachable: string | null };
  /** The tenant's own database user in use; null while it still connects as the server's admin. */
  credentialUser: string | null;
  /** When that user's password was last changed (null: never since it was made). */
  credentialRotatedAt: string | null;
  /** Active servers other than its own: where a move may go. */
  moveTargets: { name: string; label: string; tenants: number; capacity: number }[];
}

export async function tenantServerView(
  tenant: Pick<Tenant, "id" | "serverId" | "credentialSlot">,
): Promise<TenantServerView> {
  const [server, servers, credential] = await Promise.all([
    serverOf(tenant),
    listServers(),
    tenant.credentialSlot
      ? landlord().tenantCredential.findUnique({
          where: { tenantId_slot: { tenantId: tenant.id, slot: tenant.credentialSlot } },
          select: { rotatedAt: true },
        })
      : Promise.resolve(null),
  ]);
  const view = servers.find((s) => s.id === server.id);
  return {
    server: {
      name: server.name,
      label: view?.label ?? `${server.host}:${server.port}`,
      state: server.state,
      unreachable: view?.lastError ?? null,
    },
    credentialUser: tenant.credentialSlot ? tenantUsername(tenant.id, tenant.credentialSlot) : null,
    credentialRotatedAt: credential?.rotatedAt?.toISOString() ?? null,
    moveTargets: servers
      .filter((s) => s.state === "active" && s.id !== server.id)
      .map((s) => ({ name: s.name, label: s.label, tenants: s.tenants, capacity: s.capacity })),
  };
}

/**
 * moveTenant for the console. Its refusals come back as they are; anything
 * else (a server that failed half way) is told as the tenant's state now:
 * which server it is served from, read again after the failure, since the
 * switch is one landlord update and a failed move leaves it where it was.
 */
export async function moveTenantFromConsole(
  input: { slug: string; to: string; reason: string; dropSource: boolean },
  actor: Actor,
): Promise<MoveResult> {
  try {
    return await moveTenant(input.slug, input.to, actor, { reason: input.reason, dropSource: input.dropSource });
  } catch (error) {
    if (isAppError(error)) throw error;
    console.error(`[servers] the move of ${input.slug} to ${input.to} failed: ${describeError(error)}`);
    const tenant = await landlord().tenant.findUnique({ where: { slug: normalizeSlug(input.slug) } });
    const now = tenant ? (await serverOf(tenant)).name : "its server";
    throw new AppError(
      "UNAVAILABLE",
      `The move to ${input.to} failed: the tenant is served from ${now}, with all its data. The audit log says why (tenant.move_failed); moving it again finishes or undoes the move.`,
    );
  }
}
