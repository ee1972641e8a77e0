"use client";
// Closing an application whose provisioning failed: a reason the applicant
// receives, and a second click to confirm (the slug is released at once and
// the application cannot be retried afterwards).
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { controlAria } from "@/components/forms/aria";
import { CharacterCount } from "@/components/forms/character-count";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Alert } from "@/components/ui/alert";
import { Card, CardTitle } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { closeInput } from "@/lib/platform/applications/close-input";
import { REVIEW_TEXT_MAX } from "@/lib/platform/applications/review-input";
import { closeApplicationAction } from "./actions";

type Message = { tone: "error" | "success" | "warning"; text: string };

export function CloseApplication({
  applicationId,
  contactEmail,
  slug,
}: {
  applicationId: string;
  contactEmail: string;
  slug: string;
}) {
  const router = useRouter();
  const [message, setMessage] = useState<Message>();
  const form = useForm<z.input<typeof closeInput>, unknown, z.output<typeof closeInput>>({
    resolver: zodResolver(closeInput),
    defaultValues: { applicationId, reason: "" },
  });
  const reason = form.watch("reason") ?? "";
  const error = form.formState.errors.reason?.message;

  const submit = form.handleSubmit(async (values) => {
    setMessage(undefined);
    const result = await closeApplicationAction(values);
    if (!result.ok) {
      if (!applyServerErrors(form.setError, result, ["reason"])) setMessage({ tone: "error", text: result.error });
      return;
    }
    setMessage(
      result.data.emailError
        ? { tone: "warning", text: `Closed. The email to the applicant could not be sent: ${result.data.emailError}` }
        : { tone: "success", text: "Closed. The applicant has been emailed the reason." },
    );
    router.refresh();
  });

  return (
    <Card className="space-y-4">
      <CardTitle>Close application</CardTitle>
      <p className="text-sm text-slate-600">
        Give up on this application instead of retrying: the address <span className="font-mono">/{slug}</span> is
        released for others, and the applicant is told why.
      </p>
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      <form
        method="post"
        noValidate
        aria-label="Close application"
        className="space-y-3"
        onSubmit={(e) => e.preventDefault()}
      >
        <Field
          id="close-reason"
          label="Reason for closing"
          error={error}
          hint={
            <>
              Sent to {contactEmail}.{" "}
              <CharacterCount id="close-reason-count" length={reason.length} max={REVIEW_TEXT_MAX} />
            </>
          }
        >
          <Textarea {...form.register("reason")} {...controlAria("close-reason", { error, hint: true })} rows={3} />
        </Field>
        <ConfirmButton
          type="button"
          className="w-full"
          pending={form.formState.isSubmitting}
          confirmLabel="Close it and email the applicant?"
          onConfirm={() => void submit()}
        >
          Close application
        </ConfirmButton>
      </form>
    </Card>
  );
}
