"use client";
// Two steps: email and password, then (for an admin with two-factor on) a code.
// The provider checks the password again with the code, so the first step's
// answer grants nothing; the credentials stay in this component's state only.
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { controlAria } from "@/components/forms/aria";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { type PlatformSignInInput, platformSignInInput } from "@/lib/platform/admin-input";
import { CodeStep } from "./code-step";
import { platformSignIn, platformSignInMessage } from "./platform-sign-in";

export function PlatformLoginForm({ next }: { next: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pendingCode, setPendingCode] = useState<PlatformSignInInput | null>(null);
  const form = useForm<PlatformSignInInput>({
    resolver: zodResolver(platformSignInInput),
    defaultValues: { email: "", password: "" },
  });
  const { errors, isSubmitting } = form.formState;

  function signedIn() {
    router.replace(next);
    router.refresh();
  }

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const code = await platformSignIn(values);
    if (code === null) return signedIn();
    if (code === "code_required") return setPendingCode(values);
    form.resetField("password");
    setError(platformSignInMessage(code));
  });

  if (pendingCode) {
    return (
      <CodeStep
        credentials={pendingCode}
        onSignedIn={signedIn}
        onStartOver={(message) => {
          setPendingCode(null);
          form.resetField("password");
          setError(message);
        }}
      />
    );
  }

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
