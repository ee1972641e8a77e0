// The action clients: every Server Action is built from one of these, so it
// cannot forget to validate its input or check the session. Domain errors
// become messages a person can act on; anything unexpected becomes a generic
// message and a log line, never a stack trace.
import "server-only";
import { z } from "zod";
import { platformActor } from "./auth/actor";
import { type AdminSession, requirePlatformAdmin } from "./auth/session";
import { requireTenantSession, type TenantRequest } from "./auth/tenant";
import { AppError, isAppError } from "./errors";
import type { Actor } from "./platform/audit";
import type { Permission } from "./platform/permissions";
import { type RequestInfo, requestInfo } from "./request";
import { requirePermission, type TenantPermission } from "./tenant-auth/permissions";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; code: string; fieldErrors?: Record<string, string[]> };

export interface ActionContext {
  request: RequestInfo;
}

export interface AdminContext extends ActionContext {
  session: AdminSession;
  actor: Actor;
}

export interface TenantActionContext extends ActionContext {
  tenant: TenantRequest;
  actor: Actor;
}

const GENERIC = "Something went wrong on our side. Try again; if it keeps happening, tell the platform team.";

export function toActionError(error: unknown): Extract<ActionResult<never>, { ok: false }> {
  if (error instanceof z.ZodError) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of error.issues) {
      const key = issue.path.join(".") || "form";
      fieldErrors[key] = [...(fieldErrors[key] ?? []), issue.message];
    }
    return { ok: false, code: "INVALID_INPUT", error: "Check the highlighted fields.", fieldErrors };
  }
  if (isAppError(error)) {
    const fieldErrors = error.details?.fieldErrors as Record<string, string[]> | undefined;
    return { ok: false, code: error.code, error: error.message, fieldErrors };
  }
  console.error("[action] unexpected error", error);
  return { ok: false, code: "INTERNAL", error: GENERIC };
}

/** A public action: validated input, no session needed. */
export function action<S extends z.ZodType, T>(
  schema: S,
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (input) => {
    try {
      const parsed = schema.parse(input);
      return { ok: true, data: await handler(parsed, { request: await requestInfo() }) };
    } catch (error) {
      return toActionError(error);
    }
  };
}

/**
 * An action for signed-in platform admins whose role grants `permission`
 * (lib/platform/permissions.ts): the session row, the role and two-factor are
 * checked on the server before the input is even read.
 */
export function adminAction<S extends z.ZodType, T>(
  permission: Permission,
  schema: S,
  handler: (input: z.output<S>, ctx: AdminContext) => Promise<T>,
): ((input: z.input<S>) => Promise<ActionResult<T>>) & { permission: Permission } {
  // The permission rides on the action, so the cross-realm matrix can try every action with every role.
  return Object.assign(
    async (input: z.input<S>): Promise<ActionResult<T>> => {
      try {
        const session = await requirePlatformAdmin(permission);
        const parsed = schema.parse(input);
        const request = await requestInfo();
        const actor = await platformActor(session, request);
        return { ok: true, data: await handler(parsed, { session, request, actor }) };
      } catch (error) {
        return toActionError(error);
      }
    },
    { permission },
  );
}

/**
 * An action for a signed-in tenant user whose roles grant `permission`
 * (lib/tenant-auth/permissions.ts; null for what everyone may do to their own
 * account, such as changing their password). Called as `action(slug, input)`:
 * the slug is the page's route parameter, never a form field, and must be the
 * session's own tenant (requireTenantSession checks it, and the session row,
 * on the server), then the permission is checked in that tenant's database,
 * all before the input is even read. The handler gets that tenant's database and user.
 */
export function tenantAction<S extends z.ZodType, T>(
  permission: TenantPermission | null,
  schema: S,
  handler: (input: z.output<S>, ctx: TenantActionContext) => Promise<T>,
  options: { allowPendingPasswordChange?: boolean } = {},
): ((slug: string, input: z.input<S>) => Promise<ActionResult<T>>) & { permission: TenantPermission | null } {
  // As with adminAction, the permission rides on the action for the cross-realm matrix.
  return Object.assign(
    async (slug: string, input: z.input<S>): Promise<ActionResult<T>> => {
      try {
        if (typeof slug !== "string")
          throw new AppError("UNAUTHORIZED", "Sign in to this organization's space to do this.");
        const tenant = await requireTenantSession(slug, options);
        if (permission) await requirePermission(tenant, permission);
        const parsed = schema.parse(input);
        const request = await requestInfo();
        const actor: Actor = {
          type: "tenant_user",
          id: tenant.user.uuid,
          label: tenant.user.email,
          ip: request.ip,
          userAgent: request.userAgent,
        };
        return { ok: true, data: await handler(parsed, { tenant, request, actor }) };
      } catch (error) {
        return toActionError(error);
      }
    },
    { permission },
  );
}
