"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { controlAria } from "@/components/forms/aria";
import { PasswordFields } from "@/components/forms/password-fields";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { type ChangePasswordInput, changePasswordInput } from "@/lib/password-policy";
import { changePasswordAction } from "./actions";

export function ChangePasswordForm({ slug }: { slug: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const form = useForm<ChangePasswordInput>({
    resolver: zodResolver(changePasswordInput),
    defaultValues: { currentPassword: "", password: "", confirmPassword: "" },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await changePasswordAction(slug, values);
    if (result.ok) {
      router.replace(`/${slug}`);
      router.refresh();
      return;
    }
    if (!applyServerErrors(form.setError, result, ["currentPassword", "password", "confirmPassword"])) {
      setError(result.error);
    }
  });

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      {error && <Alert tone="error">{error}</Alert>}
      <Field id="currentPassword" label="Current password" error={errors.currentPassword?.message}>
        <Input
          {...controlAria("currentPassword", { error: errors.currentPassword?.message })}
          {...form.register("currentPassword")}
          type="password"
          autoComplete="current-password"
          autoFocus
        />
      </Field>
      <PasswordFields form={form} />
      <Button type="submit" pending={isSubmitting} className="w-full">
        Change password
      </Button>
    </form>
  );
}
