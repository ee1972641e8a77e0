// What each platform role may do: one table, checked on the server by every
// page and action (lib/actions.ts adminAction, lib/auth/admin-page.ts) and
// read by the UI to hide what a role cannot do. Client-safe: no server imports.
export const PLATFORM_ROLES = ["owner", "reviewer", "viewer"] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

export const ROLE_LABELS: Record<PlatformRole, string> = {
  owner: "Owner",
  reviewer: "Reviewer",
  viewer: "Viewer",
};

export type Permission =
  /** One's own account: password, sessions, two-factor. */
  | "account.self"
  /** Applications, tenants, audit log, servers, backups; ordinary outbox emails. */
  | "platform.read"
  /** An outbox email that carries a secret (setup, invitation, reset link), each view audited. */
  | "email.read_secrets"
  /** Approve, reject, retry, close, confirm for an applicant. */
  | "applications.review"
  /** Suspend, activate, maintenance, reissue a link, run checks, back up now, export the audit log. */
  | "tenants.operate"
  /** Delete, undelete, purge, restore, move, drain, servers, credentials, keys. */
  | "tenants.destroy"
  /** Invite, disable, re-enable, change role, reset two-factor of platform admins. */
  | "admins.manage";

const GRANTS: Record<PlatformRole, readonly Permission[]> = {
  owner: [
    "account.self",
    "platform.read",
    "email.read_secrets",
    "applications.review",
    "tenants.operate",
    "tenants.destroy",
    "admins.manage",
  ],
  reviewer: ["account.self", "platform.read", "applications.review", "tenants.operate"],
  viewer: ["account.self", "platform.read"],
};

// Every permission once; the Record makes the compiler insist the list is complete.
const ALL: Record<Permission, true> = {
  "account.self": true,
  "platform.read": true,
  "email.read_secrets": true,
  "applications.review": true,
  "tenants.operate": true,
  "tenants.destroy": true,
  "admins.manage": true,
};

/** For a permission named in an address (/admin/forbidden?need=...): only a real one is believed. */
export function isPermission(value: unknown): value is Permission {
  return typeof value === "string" && Object.hasOwn(ALL, value);
}

export function can(role: PlatformRole, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** What a person is told when their role does not allow an action. */
export function deniedMessage(permission: Permission): string {
  const needs = PLATFORM_ROLES.filter((role) => can(role, permission)).map((role) => ROLE_LABELS[role].toLowerCase());
  return `Your role cannot do this; it needs ${needs.join(" or ")}.`;
}
