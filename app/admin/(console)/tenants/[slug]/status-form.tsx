"use client";
// Suspend (its users are signed out at once and cannot sign in) or activate
// again, with a reason; asked twice.
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { Card, CardTitle } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { type StatusChangeInput, statusChangeInput } from "@/lib/operations/tenant-input";
import { activateTenantAction, suspendTenantAction } from "./actions";
import { OutcomeAlert, useOutcome } from "./outcome";
import { ReasonField } from "./reason-field";

export function StatusForm({ slug, suspended }: { slug: string; suspended: boolean }) {
  const { outcome, settle } = useOutcome();
  const form = useForm<StatusChangeInput>({
    resolver: zodResolver(statusChangeInput),
    defaultValues: { slug, reason: "" },
  });
  const submit = form.handleSubmit(async (values) => {
    if (suspended) {
      const ok = settle(await activateTenantAction(values), () => "Active again: its users can sign in.");
      if (ok) form.reset({ slug, reason: "" });
      return;
    }
    const ok = settle(await suspendTenantAction(values), (data) =>
      data.sessionsRevoked === null
        ? {
            tone: "warning",
            text: "Suspended. Its sessions could not be ended in its database, but none of them opens anything now.",
          }
        : `Suspended; ${data.sessionsRevoked} open session(s) ended.`,
    );
    if (ok) form.reset({ slug, reason: "" });
  });
  const id = suspended ? "activate-reason" : "suspend-reason";
  return (
    <Card className="space-y-3">
      <CardTitle>{suspended ? "Activate" : "Suspend"}</CardTitle>
      <p className="text-sm text-slate-600">
        {suspended
          ? "Its users can sign in again."
          : "Its users are signed out at once and cannot sign in until it is activated again."}
      </p>
      <OutcomeAlert outcome={outcome} />
      <form
        method="post"
        noValidate
        aria-label={suspended ? "Activate" : "Suspend"}
        className="space-y-3"
        onSubmit={submit}
      >
        <ReasonField id={id} error={form.formState.errors.reason?.message} registration={form.register("reason")} />
        <ConfirmButton
          variant={suspended ? "secondary" : "danger"}
          pending={form.formState.isSubmitting}
          confirmLabel={suspended ? "Click again to activate" : "Click again to suspend"}
          onConfirm={() => void submit()}
          className="w-full"
        >
          {suspended ? "Activate tenant" : "Suspend tenant"}
        </ConfirmButton>
      </form>
    </Card>
  );
}
