"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { platformSignIn } from "@/app/admin/login/platform-sign-in";
import { PasswordFields } from "@/components/forms/password-fields";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { type AcceptInvitationInput, acceptInvitationInput } from "@/lib/platform/admin-input";
import { acceptInvitationAction } from "./actions";

export function AcceptInvitationForm({ token }: { token: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const form = useForm<AcceptInvitationInput>({
    resolver: zodResolver(acceptInvitationInput),
    defaultValues: { token, password: "", confirmPassword: "" },
  });
  const { isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await acceptInvitationAction(values);
    if (!result.ok) {
      if (!applyServerErrors(form.setError, result, ["password", "confirmPassword"])) setError(result.error);
      return;
    }
    // The account exists. Sign in through the same provider as the sign-in page
    // (same checks, session row and audit); /admin then asks for two-factor
    // enrolment where it is required. Should that be refused, sign-in is the way on.
    const refused = await platformSignIn({ email: result.data.email, password: values.password });
    router.replace(refused === null ? "/admin" : "/admin/login");
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
