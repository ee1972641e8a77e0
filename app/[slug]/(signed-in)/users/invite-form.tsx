"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { controlAria } from "@/components/forms/aria";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { ROLE_HINTS, ROLE_LABELS, TENANT_ROLES } from "@/lib/tenant-auth/roles";
import { inviteUserInput } from "@/lib/tenant-auth/team-input";
import { inviteUserAction } from "./actions";

type Values = z.input<typeof inviteUserInput>;
const EMPTY: Values = { email: "", firstName: "", lastName: "", role: "voter" };
const FIELDS = ["email", "firstName", "lastName", "role"] as const;

export function InviteForm({ slug, mailbox }: { slug: string; mailbox: boolean }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string }>();
  const form = useForm<Values, unknown, z.output<typeof inviteUserInput>>({
    resolver: zodResolver(inviteUserInput),
    defaultValues: EMPTY,
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setMessage(undefined);
    const result = await inviteUserAction(slug, values);
    if (result.ok) {
      form.reset(EMPTY);
      const where = mailbox ? " No email provider is configured: the invitation is in the platform's outbox." : "";
      setMessage({ tone: "success", text: `Invitation sent to ${result.data.email}.${where}` });
      router.refresh();
      return;
    }
    if (!applyServerErrors(form.setError, result, FIELDS)) setMessage({ tone: "error", text: result.error });
  });

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Invite someone">
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      <Field id="invite-email" label="Email" error={errors.email?.message}>
        <Input
          {...controlAria("invite-email", { error: errors.email?.message })}
          {...form.register("email")}
          type="email"
          autoComplete="off"
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="invite-first-name" label="First name" error={errors.firstName?.message}>
          <Input
            {...controlAria("invite-first-name", { error: errors.firstName?.message })}
            {...form.register("firstName")}
            autoComplete="off"
          />
        </Field>
        <Field id="invite-last-name" label="Last name" error={errors.lastName?.message}>
          <Input
            {...controlAria("invite-last-name", { error: errors.lastName?.message })}
            {...form.register("lastName")}
            autoComplete="off"
          />
        </Field>
      </div>
      <Field
        id="invite-role"
        label="Role"
        hint={TENANT_ROLES.map((role) => `${ROLE_LABELS[role]}: ${ROLE_HINTS[role]}`).join(". ")}
        error={errors.role?.message}
      >
        <Select {...controlAria("invite-role", { error: errors.role?.message, hint: true })} {...form.register("role")}>
          {TENANT_ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </Select>
      </Field>
      <Button type="submit" pending={isSubmitting}>
        Send invitation
      </Button>
    </form>
  );
}
