"use client";
// Enrolment in three moves: a new secret (made by a button, so merely opening
// the page changes nothing), scanned or typed into an authenticator; its first
// code turns two-factor on; the recovery codes, shown once.
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { controlAria } from "@/components/forms/aria";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { type TotpCodeInput, totpCodeInput } from "@/lib/platform/admin-input";
import { RecoveryCodes } from "../recovery-codes";
import { confirmEnrolmentAction, startEnrolmentAction } from "./actions";

interface Secret {
  uri: string;
  secret: string;
  qrImage: string;
}

export function Enrolment({ email }: { email: string }) {
  const router = useRouter();
  const [secret, setSecret] = useState<Secret>();
  const [codes, setCodes] = useState<string[]>();
  const [error, setError] = useState<string>();
  const [starting, startTransition] = useTransition();
  const form = useForm<TotpCodeInput>({ resolver: zodResolver(totpCodeInput), defaultValues: { code: "" } });
  const { errors, isSubmitting } = form.formState;

  const onConfirm = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await confirmEnrolmentAction(values);
    if (result.ok) return setCodes(result.data.recoveryCodes);
    form.resetField("code");
    if (!applyServerErrors(form.setError, result, ["code"])) setError(result.error);
  });

  if (codes) {
    return (
      <div className="space-y-4">
        <Alert tone="success">Two-factor sign-in is on.</Alert>
        <RecoveryCodes codes={codes} email={email} />
        <Button
          onClick={() => {
            router.push("/admin");
            router.refresh();
          }}
        >
          I have saved them
        </Button>
      </div>
    );
  }

  if (!secret) {
    return (
      <div className="space-y-4">
        <p className="text-sm text-slate-700">
          You need an authenticator app on your phone, such as Google Authenticator, Microsoft Authenticator, 1Password
          or Aegis.
        </p>
        {error && <Alert tone="error">{error}</Alert>}
        <Button
          pending={starting}
          onClick={() =>
            startTransition(async () => {
              setError(undefined);
              const result = await startEnrolmentAction({});
              if (result.ok) setSecret(result.data);
              else setError(result.error);
            })
          }
        >
          Set up an authenticator app
        </Button>
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <ol className="list-decimal space-y-4 pl-5 text-sm text-slate-700">
        <li className="space-y-3">
          <p>Scan this QR code with your authenticator app.</p>
          {/* biome-ignore lint/performance/noImgElement: a data: URL made on the server; nothing for next/image to optimise */}
          <img
            alt="QR code for your authenticator"
            src={secret.qrImage}
            width={192}
            height={192}
            className="rounded-lg bg-white ring-1 ring-slate-200"
          />
          <p>
            On this phone?{" "}
            <a href={secret.uri} className="font-medium text-indigo-600 hover:text-indigo-500">
              Open it in your authenticator app
            </a>
            .
          </p>
          <Field id="secret" label="Secret key" hint="Or type this key into the app by hand (time-based, 6 digits).">
            <Input
              {...controlAria("secret", { hint: true })}
              readOnly
              value={secret.secret}
              spellCheck={false}
              className="max-w-md font-mono tracking-wider"
              onFocus={(event) => event.currentTarget.select()}
            />
          </Field>
        </li>
        <li>
          <form
            method="post"
            onSubmit={onConfirm}
            className="space-y-3"
            noValidate
            aria-label="Turn on two-factor sign-in"
          >
            <p>Enter the code the app now shows.</p>
            {error && <Alert tone="error">{error}</Alert>}
            <Field id="code" label="Code from your authenticator" error={errors.code?.message}>
              <Input
                {...controlAria("code", { error: errors.code?.message })}
                {...form.register("code")}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={7}
                className="max-w-40 font-mono tracking-widest"
              />
            </Field>
            <Button type="submit" pending={isSubmitting}>
              Turn on
            </Button>
          </form>
        </li>
      </ol>
    </div>
  );
}
