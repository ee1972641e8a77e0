// The tenant sign-in input. The form validates email and password with
// `signInFormInput`; the credentials provider receives the same fields plus the
// slug of the page the form was served under (`tenantCredentials`). Client-safe.
import { z } from "zod";

export const signInFormInput = z.object({
  email: z.string().trim().toLowerCase().min(1, "Enter your email address.").max(255, "That email is too long."),
  password: z.string().min(1, "Enter your password.").max(200, "That password is too long."),
});

export const tenantCredentials = signInFormInput.extend({
  slug: z.string().trim().toLowerCase().min(1).max(100),
});

export type SignInFormInput = z.input<typeof signInFormInput>;
