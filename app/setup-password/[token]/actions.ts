"use server";
// Public on purpose: the token in the link is the proof. Every export here is
// callable from any client, so each is built with `action` (validated input).
import { action } from "@/lib/actions";
import { setupPasswordInput } from "@/lib/password-policy";
import { completePasswordSetup } from "@/lib/tenant-auth/setup-password";

export const setupPasswordAction = action(setupPasswordInput, ({ token, password }, { request }) =>
  completePasswordSetup(token, password, request),
);
