// The two forms of a lost password, shared by the pages' forms and their
// actions. The slug and the token come from the page's address, the rest from
// what the person typed. Client-safe: no server imports.
import { z } from "zod";
import { passwordPolicy } from "../password-policy";

const slug = z.string().min(1).max(100);

/** /{slug}/forgot-password. */
export const forgotPasswordInput = z.object({
  slug,
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(255)
    .pipe(z.email({ error: "Enter your email address." })),
});

/** /{slug}/reset-password/{token}. */
export const resetPasswordInput = z
  .object({
    slug,
    token: z.string().min(1).max(200),
    password: passwordPolicy,
    confirmPassword: z.string(),
  })
  .superRefine((value, ctx) => {
    if (value.password !== value.confirmPassword) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two passwords differ." });
    }
  });

export type ForgotPasswordInput = z.input<typeof forgotPasswordInput>;
export type ResetPasswordInput = z.input<typeof resetPasswordInput>;
