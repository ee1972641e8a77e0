"use server";
// Public on purpose: whoever lost their password has no session. Every export
// here is callable from any client, so each is built with `action` (validated
// input). The answer is the same for every account, and the link is mailed
// after the response has gone (lib/tenant-auth/password-reset.ts).
import { after } from "next/server";
import { action } from "@/lib/actions";
import { requestPasswordReset } from "@/lib/tenant-auth/password-reset";
import { forgotPasswordInput } from "@/lib/tenant-auth/password-reset-input";

export const requestPasswordResetAction = action(forgotPasswordInput, (input, { request }) =>
  requestPasswordReset(input, request, { defer: (task) => after(task) }),
);
