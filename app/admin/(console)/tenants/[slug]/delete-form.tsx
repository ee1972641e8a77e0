"use client";
// Delete (the slug typed to confirm, and a reason) and undelete (a reason,
// asked twice). The panel around them keeps the message when one replaces
// the other.
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { formatDateTime } from "@/components/data-table/format";
import { controlAria } from "@/components/forms/aria";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { type DeleteInput, deleteInput, type UndeleteInput, undeleteInput } from "@/lib/operations/tenant-input";
import { deleteTenantAction, undeleteTenantAction } from "./backup-actions";
import type { useOutcome } from "./outcome";
import { ReasonField } from "./reason-field";

type Settle = ReturnType<typeof useOutcome>["settle"];

export function DeleteForm({ slug, settle, busy }: { slug: string; settle: Settle; busy: boolean }) {
  const form = useForm<DeleteInput>({
    resolver: zodResolver(deleteInput),
    defaultValues: { slug, confirmation: "", reason: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const submit = form.handleSubmit(async (values) => {
    settle(await deleteTenantAction(values), (data) => {
      const signedOut = `${data.sessionsRevoked} session(s) ended`;
      return `Deleted after a verified backup; ${signedOut}. Purge may drop it after ${formatDateTime(data.purgeAfter)}.`;
    });
  });
  return (
    <form method="post" noValidate aria-label="Delete tenant" className="space-y-3" onSubmit={submit}>
      <Field id="delete-confirmation" label={`Type ${slug} to confirm`} error={errors.confirmation?.message}>
        <Input
          {...form.register("confirmation")}
          {...controlAria("delete-confirmation", { error: errors.confirmation?.message })}
          autoComplete="off"
          spellCheck={false}
        />
      </Field>
      <ReasonField id="delete-reason" error={errors.reason?.message} registration={form.register("reason")} />
      <Button type="submit" variant="danger" pending={isSubmitting} disabled={busy} className="w-full">
        {isSubmitting ? "Backing up, verifying, deleting…" : "Delete tenant"}
      </Button>
    </form>
  );
}

export function UndeleteForm({ slug, settle, busy }: { slug: string; settle: Settle; busy: boolean }) {
  const form = useForm<UndeleteInput>({
    resolver: zodResolver(undeleteInput),
    defaultValues: { slug, reason: "" },
  });
  const submit = form.handleSubmit(async (values) => {
    settle(await undeleteTenantAction(values), (data) => ({
      tone: data.afterGracePeriod ? "warning" : "success",
      text: `Undeleted: it is ${data.status} again, as it was before.${data.afterGracePeriod ? " (Its grace period had ended; purge had not begun.)" : ""}`,
    }));
  });
  return (
    <form method="post" noValidate aria-label="Undelete tenant" className="space-y-3" onSubmit={submit}>
      <ReasonField
        id="undelete-reason"
        error={form.formState.errors.reason?.message}
        registration={form.register("reason")}
      />
      <ConfirmButton
        pending={form.formState.isSubmitting}
        disabled={busy}
        confirmLabel="Click again to undelete"
        onConfirm={() => void submit()}
        className="w-full"
      >
        Undelete tenant
      </ConfirmButton>
    </form>
  );
}
