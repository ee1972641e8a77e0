"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { controlAria } from "@/components/forms/aria";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { forgotPasswordInput } from "@/lib/tenant-auth/password-reset-input";
import { requestPasswordResetAction } from "./actions";

export function ForgotPasswordForm({ slug }: { slug: string }) {
  const [sent, setSent] = useState<string>();
  const [error, setError] = useState<string>();
  const form = useForm<z.input<typeof forgotPasswordInput>, unknown, z.output<typeof forgotPasswordInput>>({
    resolver: zodResolver(forgotPasswordInput),
    // The slug is this page's own route, not something the person typed.
    defaultValues: { slug, email: "" },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await requestPasswordResetAction(values);
    if (result.ok) setSent(result.data.message);
    else setError(result.error);
  });

  if (sent) return <Alert tone="success">{sent}</Alert>;
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
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
      <Button type="submit" pending={isSubmitting} className="w-full">
        Email me a link
      </Button>
    </form>
  );
}
