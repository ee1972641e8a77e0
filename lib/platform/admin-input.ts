// The inputs of the platform admins' own forms and actions: sign-in, two-factor,
// invitations and the owners' changes to other admins. Each schema serves the
// form (react-hook-form's zodResolver) and the Server Action alike. Client-safe.
import { z } from "zod";
import { setupPasswordInput } from "../password-policy";
import { PLATFORM_ROLES } from "./permissions";

/** An admin's email address (the invite form, the operator's command line). */
export const adminEmail = z
  .string({ error: "Enter an email address." })
  .trim()
  .toLowerCase()
  .min(1, "Enter an email address.")
  .max(255, "That email is too long.")
  .pipe(z.email("Enter a valid email address."));

export const platformRole = z.enum(PLATFORM_ROLES, { error: "Choose a role." });

/** An admin's id as the console passes it: the row id in decimal. */
const adminId = z
  .string()
  .regex(/^\d{1,20}$/, "That is not an admin id.")
  .transform((id) => BigInt(id));

/** /admin/login, first step. */
export const platformSignInInput = z.object({
  email: z.string().trim().toLowerCase().min(1, "Enter your email address.").max(255, "That email is too long."),
  password: z.string().min(1, "Enter your password.").max(200, "That password is too long."),
});

/** /admin/login, second step: a 6-digit code, or a recovery code (xxxxx-xxxxx). */
export const secondFactorInput = z.object({
  code: z
    .string()
    .trim()
    .min(1, "Enter the code.")
    .max(20, "That code is too long.")
    .regex(/^[0-9a-fA-F\s-]+$/, "That is not a code."),
});

/** Turning two-factor on: the first code the new authenticator shows. */
export const totpCodeInput = z.object({
  code: z
    .string()
    .trim()
    .transform((code) => code.replace(/\s/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code your authenticator shows.")),
});

export const inviteAdminInput = z.object({
  email: adminEmail,
  name: z.string().trim().min(1, "Enter their name.").max(255, "That name is too long."),
  role: platformRole,
});

export const adminStatusInput = z.object({ adminId, status: z.enum(["active", "disabled"]) });
export const adminRoleInput = z.object({ adminId, role: platformRole });
export const adminIdInput = z.object({ adminId });
export const invitationIdInput = z.object({ invitationId: z.uuid("That is not an invitation id.") });

/** /admin/invite/{token}: the token from the URL, a password twice (the shape of a tenant's setup link). */
export const acceptInvitationInput = setupPasswordInput;

/** Actions that take nothing but the session. */
export const noInput = z.object({});

export type PlatformSignInInput = z.input<typeof platformSignInInput>;
export type SecondFactorInput = z.input<typeof secondFactorInput>;
export type TotpCodeInput = z.input<typeof totpCodeInput>;
export type InviteAdminInput = z.input<typeof inviteAdminInput>;
export type AcceptInvitationInput = z.input<typeof acceptInvitationInput>;
