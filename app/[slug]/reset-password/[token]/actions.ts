"use server";
// Public on purpose: the token in the link is the proof, and it only works
// under its own space's address. Every export here is callable from any
// client, so each is built with `action` (validated input).
import { action } from "@/lib/actions";
import { completePasswordReset } from "@/lib/tenant-auth/password-reset";
import { resetPasswordInput } from "@/lib/tenant-auth/password-reset-input";

export const resetPasswordAction = action(resetPasswordInput, ({ slug, token, password }, { request }) =>
  completePasswordReset(slug, token, password, request),
);
