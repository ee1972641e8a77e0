// The inputs of a tenant's team pages (/{slug}/users, /{slug}/profile) and of
// the invitation link (/{slug}/join/{token}). Each schema serves the form
// (react-hook-form's zodResolver) and the Server Action alike. Client-safe.
import { z } from "zod";
import { passwordPolicy } from "../password-policy";
import { TENANT_ROLES } from "./roles";

export const personEmail = z
  .string({ error: "Enter an email address." })
  .trim()
  .toLowerCase()
  .min(1, "Enter an email address.")
  .max(255, "That email is too long.")
  .pipe(z.email("Enter a valid email address."));

export const firstName = z.string().trim().min(1, "Enter the first name.").max(100, "That name is too long.");
export const lastName = z.string().trim().min(1, "Enter the last name.").max(100, "That name is too long.");

export const tenantRole = z.enum(TENANT_ROLES, { error: "Choose a role." });

/** A user as the pages pass one: their uuid, never the row id. */
const userId = z.uuid("That is not a user id.");

export const inviteUserInput = z.object({ email: personEmail, firstName, lastName, role: tenantRole });
export const invitationIdInput = z.object({ invitationId: z.uuid("That is not an invitation id.") });
export const userRoleInput = z.object({ userId, role: tenantRole });
export const userStatusInput = z.object({ userId, status: z.enum(["active", "inactive"]) });
export const profileInput = z.object({ firstName, lastName });

/** Actions that take nothing but the session. */
export const noInput = z.object({});

/**
 * /{slug}/join/{token}: the slug and token come from the page's address (the
 * slug picks the tenant's database, the token is looked up there only), the
 * password twice from the form.
 */
export const joinInput = z
  .object({
    slug: z.string().trim().toLowerCase().min(1).max(100),
    token: z.string().min(1).max(200),
    password: passwordPolicy,
    confirmPassword: z.string(),
  })
  .superRefine((value, ctx) => {
    if (value.password !== value.confirmPassword) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two passwords differ." });
    }
  });

export type InviteUserInput = z.input<typeof inviteUserInput>;
export type ProfileInput = z.input<typeof profileInput>;
export type JoinInput = z.input<typeof joinInput>;
