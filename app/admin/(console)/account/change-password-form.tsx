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
import { changeOwnPasswordAction } from "./actions";

const EMPTY = { currentPassword: "", password: "", confirmPassword: "" };

export function ChangePasswordForm() {
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string }>();
  const form = useForm<ChangePasswordInput>({ resolver: zodResolver(changePasswordInput), defaultValues: EMPTY });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setMessage(undefined);
    const result = await changeOwnPasswordAction(values);
    if (result.ok) {
      form.reset(EMPTY);
      const { sessionsEnded } = result.data;
      setMessage({
        tone: "success",
        text: `Your password is changed.${sessionsEnded > 0 ? ` ${sessionsEnded} other session(s) ended.` : ""}`,
      });
      router.refresh();
      return;
    }
    if (!applyServerErrors(form.setError, result, ["currentPassword", "password", "confirmPassword"])) {
      setMessage({ tone: "error", text: result.error });
    }
  });

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Change your password">
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      <Field id="currentPassword" label="Current password" error={errors.currentPassword?.message}>
        <Input
          {...controlAria("currentPassword", { error: errors.currentPassword?.message })}
          {...form.register("currentPassword")}
          type="password"
          autoComplete="current-password"
        />
      </Field>
      <PasswordFields form={form} />
      <Button type="submit" pending={isSubmitting}>
        Change password
      </Button>
    </form>
  );
}
