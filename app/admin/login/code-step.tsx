"use client";
// The second step of /admin/login: the code the authenticator shows, or one of
// the recovery codes given at enrolment. Submits email, password and code
// together; each code works once.
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { controlAria } from "@/components/forms/aria";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { type PlatformSignInInput, type SecondFactorInput, secondFactorInput } from "@/lib/platform/admin-input";
import { platformSignIn, platformSignInMessage, WRONG_PASSWORD } from "./platform-sign-in";

const MODES = {
  totp: {
    label: "Authentication code",
    hint: "The 6-digit code your authenticator app shows for the Election Platform.",
    pattern: "[0-9]{6}",
    inputMode: "numeric",
    maxLength: 6,
    toggle: "Use a recovery code",
  },
  recovery: {
    label: "Recovery code",
    hint: "One of the ten codes you saved when you turned two-factor on, like 1a2b3-c4d5e. Each works once.",
    pattern: "[0-9a-fA-F]{5}-?[0-9a-fA-F]{5}",
    inputMode: "text",
    maxLength: 11,
    toggle: "Use your authenticator app",
  },
} as const;

export function CodeStep({
  credentials,
  onSignedIn,
  onStartOver,
}: {
  credentials: PlatformSignInInput;
  onSignedIn: () => void;
  onStartOver: (message?: string) => void;
}) {
  const [mode, setMode] = useState<keyof typeof MODES>("totp");
  const [error, setError] = useState<string>();
  const form = useForm<SecondFactorInput>({ resolver: zodResolver(secondFactorInput), defaultValues: { code: "" } });
  const { errors, isSubmitting } = form.formState;
  const m = MODES[mode];

  const onSubmit = form.handleSubmit(async ({ code }) => {
    setError(undefined);
    const answer = await platformSignIn({ ...credentials, code });
    if (answer === null) return onSignedIn();
    // The password no longer works (changed, or the account disabled meanwhile): back to the first step.
    if (answer === "CredentialsSignin") return onStartOver(WRONG_PASSWORD);
    form.resetField("code");
    form.setFocus("code");
    setError(platformSignInMessage(answer));
  });

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Two-factor sign-in">
      <p className="text-sm text-slate-600">
        Two-factor sign-in is on for <strong className="text-slate-900">{credentials.email}</strong>.
      </p>
      {error && <Alert tone="error">{error}</Alert>}
      <Field id="code" label={m.label} hint={m.hint} error={errors.code?.message}>
        <Input
          {...controlAria("code", { error: errors.code?.message, hint: true })}
          {...form.register("code")}
          key={mode}
          type="text"
          inputMode={m.inputMode}
          pattern={m.pattern}
          maxLength={m.maxLength}
          autoComplete="one-time-code"
          spellCheck={false}
          className="font-mono tracking-widest"
          autoFocus
        />
      </Field>
      <Button type="submit" pending={isSubmitting} className="w-full">
        Verify and sign in
      </Button>
      <div className="flex justify-between text-sm">
        <button
          type="button"
          className="font-medium text-indigo-600 hover:text-indigo-500"
          onClick={() => {
            setMode(mode === "totp" ? "recovery" : "totp");
            setError(undefined);
            form.reset({ code: "" });
          }}
        >
          {m.toggle}
        </button>
        <button type="button" className="text-slate-600 hover:text-slate-900" onClick={() => onStartOver()}>
          Start over
        </button>
      </div>
    </form>
  );
}
