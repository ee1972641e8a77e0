// Signing in to /admin from the browser: next-auth's "platform" provider
// answers with a short code (lib/auth/options.ts), never details. Shared by the
// sign-in page and the invitation page (which signs the new admin in).
import { signIn } from "next-auth/react";
import { signInErrorMessage, THROTTLE_CODE } from "@/lib/tenant-auth/sign-in-messages";

export const WRONG_PASSWORD = "Wrong email or password.";
export const WRONG_CODE = "That code is not right, or it was used already.";

/** null when signed in; otherwise the provider's code ("code_required", "locked:120", "CredentialsSignin"...). */
export async function platformSignIn(credentials: {
  email: string;
  password: string;
  code?: string;
}): Promise<string | null> {
  const result = await signIn("platform", { ...credentials, redirect: false });
  if (result?.ok && !result.error) return null;
  return result?.error ?? "CredentialsSignin";
}

/** What the person is told for a refusal. */
export function platformSignInMessage(code: string): string {
  if (code === "code_invalid") return WRONG_CODE;
  if (code === "unavailable" || THROTTLE_CODE.test(code)) return signInErrorMessage(code);
  // A plain mismatch: next-auth's "CredentialsSignin" (the reason is in the audit log, not here).
  return WRONG_PASSWORD;
}
