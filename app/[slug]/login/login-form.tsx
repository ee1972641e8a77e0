"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { controlAria } from "@/components/forms/aria";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { type SignInFormInput, signInFormInput } from "@/lib/tenant-auth/sign-in-input";
import { signInErrorMessage } from "@/lib/tenant-auth/sign-in-messages";

export function TenantLoginForm({ slug, passwordJustSet }: { slug: string; passwordJustSet: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const form = useForm<SignInFormInput>({
    resolver: zodResolver(signInFormInput),
    defaultValues: { email: "", password: "" },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    // The slug is this page's own route, not something the person typed.
    const result = await signIn("tenant", { ...values, slug, redirect: false });
    if (result?.ok && !result.error) {
      router.replace(`/${slug}`);
      router.refresh();
      return;
    }
    form.resetField("password");
    setError(signInErrorMessage(result?.error));
  });

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      {passwordJustSet && !error && <Alert tone="success">Your password is set. Sign in with it.</Alert>}
      {error && <Alert tone="error">{error}</Alert>}
      <Field id="email" label="Email" error={errors.email?.message}>
        <Input
          {...controlAria("email", { error: errors.email?.message })}
          {...form.register("email")}
          type="email"
          autoComplete="username"
          autoFocus
        />
      </Field>
      <Field id="password" label="Password" error={errors.password?.message}>
        <Input
          {...controlAria("password", { error: errors.password?.message })}
          {...form.register("password")}
          type="password"
          autoComplete="current-password"
        />
      </Field>
      <Button type="submit" pending={isSubmitting} className="w-full">
        Sign in
      </Button>
    </form>
  );
}
