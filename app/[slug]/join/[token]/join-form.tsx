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
import { type JoinInput, joinInput } from "@/lib/tenant-auth/team-input";
import { joinAction } from "./actions";

export function JoinForm({ slug, token }: { slug: string; token: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const form = useForm<JoinInput>({
    resolver: zodResolver(joinInput),
    defaultValues: { slug, token, password: "", confirmPassword: "" },
  });
  const { isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await joinAction(values);
    if (!result.ok) {
      if (!applyServerErrors(form.setError, result, ["password", "confirmPassword"])) setError(result.error);
      return;
    }
    // The account exists. Sign in through the same provider as the sign-in
    // page (same checks, session row and audit); should that be refused (e.g.
    // throttled), the sign-in page is the way on.
    const { email } = result.data;
    const signedIn = await signIn("tenant", {
      slug: result.data.slug,
      email,
      password: values.password,
      redirect: false,
    });
    router.replace(signedIn?.ok && !signedIn.error ? `/${result.data.slug}` : `/${result.data.slug}/login`);
    router.refresh();
  });

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      {error && <Alert tone="error">{error}</Alert>}
      <PasswordFields form={form} label="Password" />
      <Button type="submit" pending={isSubmitting} className="w-full">
        Join and sign in
      </Button>
    </form>
  );
}
