"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { PasswordFields } from "@/components/forms/password-fields";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { type ResetPasswordInput, resetPasswordInput } from "@/lib/tenant-auth/password-reset-input";
import { resetPasswordAction } from "./actions";

export function ResetPasswordForm({ slug, token }: { slug: string; token: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const form = useForm<ResetPasswordInput>({
    resolver: zodResolver(resetPasswordInput),
    defaultValues: { slug, token, password: "", confirmPassword: "" },
  });
  const { isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await resetPasswordAction(values);
    if (!result.ok) {
      if (!applyServerErrors(form.setError, result, ["password", "confirmPassword"])) setError(result.error);
      return;
    }
    // Signed in through the same provider as the sign-in page (same checks,
    // session row and audit); if that is refused, the sign-in page is the way on.
    const { email } = result.data;
    const signedIn = await signIn("tenant", { slug, email, password: values.password, redirect: false });
    router.replace(signedIn?.ok && !signedIn.error ? `/${slug}` : `/${slug}/login?setup=done`);
    router.refresh();
  });

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      {error && <Alert tone="error">{error}</Alert>}
      <PasswordFields form={form} />
      <Button type="submit" pending={isSubmitting} className="w-full">
        Set new password and sign in
      </Button>
    </form>
  );
}
