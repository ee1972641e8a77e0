"use client";
// Approve (with optional notes) or reject (with a reason the applicant
// receives). The server decides: a review another admin made first comes
// back as a clear refusal, and the page then shows the current state.
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { type ReactNode, useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { controlAria } from "@/components/forms/aria";
import { CharacterCount } from "@/components/forms/character-count";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions";
import { approvalInput, REVIEW_TEXT_MAX, rejectionInput } from "@/lib/platform/applications/review-input";
import { approveApplicationAction, rejectApplicationAction } from "./actions";

type Message = { tone: "error" | "success" | "warning"; text: string };

// Stays mounted when the page refreshes after a review (same place in the
// tree), so its message survives while `outcome` replaces the forms.
export function ReviewActions(props: {
  applicationId: string;
  contactEmail: string;
  pending: boolean;
  outcome: ReactNode;
}) {
  const { applicationId, contactEmail } = props;
  const router = useRouter();
  const [message, setMessage] = useState<Message>();
  const approve = useForm<z.input<typeof approvalInput>, unknown, z.output<typeof approvalInput>>({
    resolver: zodResolver(approvalInput),
    defaultValues: { applicationId, notes: "" },
  });
  const reject = useForm<z.input<typeof rejectionInput>, unknown, z.output<typeof rejectionInput>>({
    resolver: zodResolver(rejectionInput),
    defaultValues: { applicationId, reason: "" },
  });

  function settle(result: ActionResult<{ status: string; emailError?: string; queued?: boolean }>, done: string) {
    if (result.ok) {
      setMessage(
        result.data.emailError
          ? { tone: "warning", text: `${done} The email to the applicant could not be sent: ${result.data.emailError}` }
          : { tone: "success", text: done },
      );
    } else {
      setMessage({ tone: "error", text: result.error });
    }
    router.refresh();
  }

  const notes = approve.watch("notes") ?? "";
  const reason = reject.watch("reason") ?? "";
  const busy = approve.formState.isSubmitting || reject.formState.isSubmitting;
  const alert = message && <Alert tone={message.tone}>{message.text}</Alert>;

  if (!props.pending) {
    return (
      <div className="space-y-4">
        {alert}
        {props.outcome}
      </div>
    );
  }

  return (
    <Card className="space-y-6">
      <CardTitle>Review</CardTitle>
      {alert}

      <form
        method="post"
        noValidate
        aria-label="Approve"
        className="space-y-3"
        onSubmit={approve.handleSubmit(async (values) => {
          const result = await approveApplicationAction(values);
          if (!result.ok) applyServerErrors(approve.setError, result, ["notes"]);
          settle(
            result,
            result.ok && result.data.queued
              ? "Approved. Provisioning is queued and starts within moments."
              : "Approved. Provisioning starts now.",
          );
        })}
      >
        <Field
          id="notes"
          label="Review notes (optional)"
          error={approve.formState.errors.notes?.message}
          hint={<CharacterCount id="notes-count" length={notes.length} max={REVIEW_TEXT_MAX} />}
        >
          <Textarea
            {...approve.register("notes")}
            {...controlAria("notes", { error: approve.formState.errors.notes?.message, hint: true })}
            rows={3}
          />
        </Field>
        <Button type="submit" pending={approve.formState.isSubmitting} disabled={busy} className="w-full">
          Approve and provision
        </Button>
      </form>

      <form
        method="post"
        noValidate
        aria-label="Reject"
        className="space-y-3 border-t border-slate-200 pt-6"
        onSubmit={reject.handleSubmit(async (values) => {
          const result = await rejectApplicationAction(values);
          if (!result.ok) applyServerErrors(reject.setError, result, ["reason"]);
          settle(result, "Rejected. The applicant has been emailed the reason.");
        })}
      >
        <Field
          id="reason"
          label="Reason for rejecting"
          error={reject.formState.errors.reason?.message}
          hint={
            <>
              Sent to {contactEmail}. <CharacterCount id="reason-count" length={reason.length} max={REVIEW_TEXT_MAX} />
            </>
          }
        >
          <Textarea
            {...reject.register("reason")}
            {...controlAria("reason", { error: reject.formState.errors.reason?.message, hint: true })}
            rows={3}
          />
        </Field>
        <Button
          type="submit"
          variant="danger"
          pending={reject.formState.isSubmitting}
          disabled={busy}
          className="w-full"
        >
          Reject application
        </Button>
      </form>
    </Card>
  );
}
