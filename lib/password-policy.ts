// The password policy, one place: the setup-password form, the change-password
// form and their Server Actions all use these schemas. Pure (no env, no
// database) so the browser can run it too; the two rules that need the server
// (not the initial password, not the current one) live in new-password.ts.
import { z } from "zod";

export const PASSWORD_MIN = 8;
// bcrypt reads only the first 72 bytes; a longer password would be silently cut.
export const PASSWORD_MAX_BYTES = 72;

const rules: { label: string; message: string; test: (password: string) => boolean }[] = [
  {
    label: `${PASSWORD_MIN}+ characters`,
    message: `Use at least ${PASSWORD_MIN} characters.`,
    test: (p) => p.length >= PASSWORD_MIN,
  },
  {
    label: "at most 72 characters",
    message: "Use at most 72 characters.",
    test: (p) => new TextEncoder().encode(p).length <= PASSWORD_MAX_BYTES,
  },
  { label: "a lower-case letter", message: "Add a lower-case letter.", test: (p) => /\p{Ll}/u.test(p) },
  { label: "an upper-case letter", message: "Add an upper-case letter.", test: (p) => /\p{Lu}/u.test(p) },
  { label: "a digit", message: "Add a digit.", test: (p) => /\p{Nd}/u.test(p) },
  // Anything that is neither a letter, a digit nor white space counts as a symbol.
  { label: "a symbol", message: "Add a symbol such as ! ? # or %.", test: (p) => /[^\p{L}\p{Nd}\s]/u.test(p) },
];

/** Every rule the password breaks, as sentences; empty when it passes. */
export function passwordProblems(password: string): string[] {
  return rules.filter((rule) => !rule.test(password)).map((rule) => rule.message);
}

/** Each rule with whether the password meets it, for the form's live checklist. */
export function passwordChecklist(password: string): { label: string; ok: boolean }[] {
  return rules.map((rule) => ({ label: rule.label, ok: rule.test(password) }));
}

/** A new password under the policy. */
export const passwordPolicy = z.string({ error: "Enter a password." }).superRefine((password, ctx) => {
  for (const message of passwordProblems(password)) ctx.addIssue({ code: "custom", message });
});

const confirmed = <T extends { password: string; confirmPassword: string }>(value: T, ctx: z.RefinementCtx) => {
  if (value.password !== value.confirmPassword) {
    ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two passwords differ." });
  }
};

/** /setup-password/{token}: the token comes from the URL, the rest from the form. */
export const setupPasswordInput = z
  .object({
    token: z.string().min(1).max(200),
    password: passwordPolicy,
    confirmPassword: z.string(),
  })
  .superRefine(confirmed);

/** /{slug}/change-password. */
export const changePasswordInput = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(200),
    password: passwordPolicy,
    confirmPassword: z.string(),
  })
  .superRefine(confirmed);

export type SetupPasswordInput = z.input<typeof setupPasswordInput>;
export type ChangePasswordInput = z.input<typeof changePasswordInput>;
