"use client";
// Reissue a setup link to one of the tenant's active admins, at the email
// stored for them: their earlier links, password and sessions stop working.
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { controlAria } from "@/components/forms/aria";
import { Card, CardTitle } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import type { TenantAdmin } from "@/lib/operations/tenant-detail";
import { type ReissueInput, reissueInput } from "@/lib/operations/tenant-input";
import { reissueLinkAction } from "./actions";
import { OutcomeAlert, useOutcome } from "./outcome";
import { ReasonField } from "./reason-field";

export function ReissueForm({ slug, admins }: { slug: string; admins: TenantAdmin[] }) {
  const { outcome, settle } = useOutcome();
  const form = useForm<ReissueInput>({
    resolver: zodResolver(reissueInput),
    defaultValues: { slug, email: admins[0]?.email ?? "", reason: "" },
  });
  const { errors } = form.formState;
  const submit = form.handleSubmit(async (values) => {
    const ok = settle(await reissueLinkAction(values), (data) =>
      data.delivery === "sent"
        ? `A new setup link was sent to ${data.email}; ${data.sessionsEnded} session(s) ended.`
        : `A new setup link for ${data.email} is in the outbox (no email provider here); ${data.sessionsEnded} session(s) ended.`,
    );
    if (ok) form.reset({ ...values, reason: "" });
  });
  return (
    <Card className="space-y-3">
      <CardTitle>Reissue a setup link</CardTitle>
      <p className="text-sm text-slate-600">
        A new link and initial password go to the admin's stored email; their earlier links, password and sessions stop
        working.
      </p>
      <OutcomeAlert outcome={outcome} />
      {admins.length === 0 ? (
        <p className="text-sm text-slate-500">The tenant has no active admin to send one to.</p>
      ) : (
        <form method="post" noValidate aria-label="Reissue a setup link" className="space-y-3" onSubmit={submit}>
          <Field id="reissue-email" label="Admin" error={errors.email?.message}>
            <Select {...form.register("email")} {...controlAria("reissue-email", { error: errors.email?.message })}>
              {admins.map((admin) => (
                <option key={admin.email} value={admin.email}>
                  {admin.name ? `${admin.name} <${admin.email}>` : admin.email}
                </option>
              ))}
            </Select>
          </Field>
          <ReasonField id="reissue-reason" error={errors.reason?.message} registration={form.register("reason")} />
          <ConfirmButton
            pending={form.formState.isSubmitting}
            confirmLabel="Click again to send a new link"
            onConfirm={() => void submit()}
            className="w-full"
          >
            Reissue setup link
          </ConfirmButton>
        </form>
      )}
    </Card>
  );
}
