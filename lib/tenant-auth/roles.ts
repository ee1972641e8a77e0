// The tenant's roles and permissions by name, as the seed migration
// (prisma/tenant/migrations/20261127000100_seed_roles) creates them, and the
// words the UI uses for them. Which role holds which permission is not decided
// here: it is read from each tenant's own database (./permissions.ts).
// Client-safe: no server imports.

export const TENANT_ROLES = ["tenant_admin", "committee_member", "voter"] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

export const ROLE_LABELS: Record<TenantRole, string> = {
  tenant_admin: "Admin",
  committee_member: "Committee member",
  voter: "Voter",
};

export const ROLE_HINTS: Record<TenantRole, string> = {
  tenant_admin: "manages the space, its users and its committee",
  committee_member: "sees the users and the committee, reviews registrations",
  voter: "takes part in elections",
};

export const TENANT_PERMISSIONS = [
  "tenant.manage",
  "users.view",
  "users.manage",
  "committee.manage",
  "registrations.review",
  "elections.manage",
] as const;
export type TenantPermission = (typeof TENANT_PERMISSIONS)[number];

/** What each permission lets a person do, for "your role cannot do this" messages. */
export const PERMISSION_LABELS: Record<TenantPermission, string> = {
  "tenant.manage": "manage the organization's settings",
  "users.view": "see the organization's users",
  "users.manage": "invite and manage users",
  "committee.manage": "manage the election committee",
  "registrations.review": "review registrations",
  "elections.manage": "create and run elections",
};

export function isTenantRole(value: unknown): value is TenantRole {
  return typeof value === "string" && (TENANT_ROLES as readonly string[]).includes(value);
}

export function isTenantPermission(value: unknown): value is TenantPermission {
  return typeof value === "string" && (TENANT_PERMISSIONS as readonly string[]).includes(value);
}

/** What a person is told when their role does not allow something. */
export function deniedMessage(permission: TenantPermission): string {
  return `Your role cannot do this: it takes the right to ${PERMISSION_LABELS[permission]}.`;
}
