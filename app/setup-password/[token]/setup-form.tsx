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
import { type SetupPasswordInput, setupPasswordInput } from "@/lib/password-policy";
import { setupPasswordAction } from "./actions";

export function SetupPasswordForm({ token }: { token: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const form = useForm<SetupPasswordInput>({
    resolver: zodResolver(setupPasswordInput),
    defaultValues: { token, password: "", confirmPassword: "" },
  });
  const { isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await setupPasswordAction(values);
    if (!result.ok) {
      if (!applyServerErrors(form.setError, result, ["password", "confirmPassword"])) setError(result.error);
      return;
    }
    // The password is set. Sign in with it through the same provider as the
    // sign-in page (same checks, same session row, same audit); should that be
    // refused (e.g. throttled), the sign-in page is the way on.
    const { slug, email } = result.data;
    const signedIn = await signIn("tenant", { slug, email, password: values.password, redirect: false });
    router.replace(signedIn?.ok && !signedIn.error ? `/${slug}` : `/${slug}/login?setup=done`);
    router.refresh();
  });

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      {error && <Alert tone="error">{error}</Alert>}
      <PasswordFields form={form} label="Password" />
      <Button type="submit" pending={isSubmitting} className="w-full">
        Set password and sign in
      </Button>
    </form>
  );
}
