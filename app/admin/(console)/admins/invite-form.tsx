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
import { inviteAdminInput } from "@/lib/platform/admin-input";
import { PLATFORM_ROLES, ROLE_LABELS } from "@/lib/platform/permissions";
import { inviteAdminAction } from "./actions";

type Values = z.input<typeof inviteAdminInput>;
const EMPTY: Values = { email: "", name: "", role: "viewer" };

export function InviteForm({ mailbox }: { mailbox: boolean }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string }>();
  const form = useForm<Values, unknown, z.output<typeof inviteAdminInput>>({
    resolver: zodResolver(inviteAdminInput),
    defaultValues: EMPTY,
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setMessage(undefined);
    const result = await inviteAdminAction(values);
    if (result.ok) {
      form.reset(EMPTY);
      const where = mailbox ? " No email provider is configured: the invitation is in the outbox." : "";
      setMessage({ tone: "success", text: `Invitation sent to ${result.data.email}.${where}` });
      router.refresh();
      return;
    }
    if (!applyServerErrors(form.setError, result, ["email", "name", "role"])) {
      setMessage({ tone: "error", text: result.error });
    }
  });

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Invite an admin">
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      <Field id="invite-email" label="Email" error={errors.email?.message}>
        <Input
          {...controlAria("invite-email", { error: errors.email?.message })}
          {...form.register("email")}
          type="email"
          autoComplete="off"
        />
      </Field>
      <Field id="invite-name" label="Name" error={errors.name?.message}>
        <Input
          {...controlAria("invite-name", { error: errors.name?.message })}
          {...form.register("name")}
          autoComplete="off"
        />
      </Field>
      <Field
        id="invite-role"
        label="Role"
        hint="Owners manage admins and everything else; reviewers review and operate; viewers read."
        error={errors.role?.message}
      >
        <Select {...controlAria("invite-role", { error: errors.role?.message, hint: true })} {...form.register("role")}>
          {PLATFORM_ROLES.map((role) => (
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
