"use client";
// Adds a committee member, or (given `member`) edits one.
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
import {
  COMMITTEE_ROLE_LABELS,
  COMMITTEE_ROLES,
  type CommitteeRole,
  committeeMemberInput,
} from "@/lib/tenant-auth/committee-input";
import { addCommitteeMemberAction, updateCommitteeMemberAction } from "./actions";
import type { CommitteeMember } from "./committee-list";

type Values = z.input<typeof committeeMemberInput>;
const EMPTY: Values = { firstName: "", lastName: "", email: "", committeeRole: "member" };
const FIELDS = ["firstName", "lastName", "email", "committeeRole"] as const;

function initial(member?: CommitteeMember): Values {
  if (!member) return EMPTY;
  const role = COMMITTEE_ROLES.includes(member.committeeRole as CommitteeRole)
    ? (member.committeeRole as CommitteeRole)
    : "member";
  return { firstName: member.firstName, lastName: member.lastName, email: member.email, committeeRole: role };
}

export function MemberForm({ slug, member, onDone }: { slug: string; member?: CommitteeMember; onDone?: () => void }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string }>();
  const form = useForm<Values, unknown, z.output<typeof committeeMemberInput>>({
    resolver: zodResolver(committeeMemberInput),
    defaultValues: initial(member),
  });
  const { errors, isSubmitting } = form.formState;
  const id = (name: string) => `${member ? `edit-${member.id}` : "add"}-${name}`;

  const onSubmit = form.handleSubmit(async (values) => {
    setMessage(undefined);
    const result = member
      ? await updateCommitteeMemberAction(slug, { ...values, memberId: member.id })
      : await addCommitteeMemberAction(slug, values);
    if (result.ok) {
      const linked = result.data.linked ? " (linked to their user account)" : "";
      setMessage({ tone: "success", text: `${member ? "Saved" : `Added ${values.email}`}${linked}.` });
      if (!member) form.reset(EMPTY);
      router.refresh();
      onDone?.();
      return;
    }
    if (!applyServerErrors(form.setError, result, FIELDS)) setMessage({ tone: "error", text: result.error });
  });

  return (
    <form
      method="post"
      onSubmit={onSubmit}
      className="space-y-4"
      noValidate
      aria-label={member ? `Edit ${member.email}` : "Add a committee member"}
    >
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id={id("first-name")} label="First name" error={errors.firstName?.message}>
          <Input
            {...controlAria(id("first-name"), { error: errors.firstName?.message })}
            {...form.register("firstName")}
            autoComplete="off"
          />
        </Field>
        <Field id={id("last-name")} label="Last name" error={errors.lastName?.message}>
          <Input
            {...controlAria(id("last-name"), { error: errors.lastName?.message })}
            {...form.register("lastName")}
            autoComplete="off"
          />
        </Field>
      </div>
      <Field id={id("email")} label="Email" error={errors.email?.message}>
        <Input
          {...controlAria(id("email"), { error: errors.email?.message })}
          {...form.register("email")}
          type="email"
          autoComplete="off"
        />
      </Field>
      <Field id={id("role")} label="Committee role" error={errors.committeeRole?.message}>
        <Select
          {...controlAria(id("role"), { error: errors.committeeRole?.message })}
          {...form.register("committeeRole")}
        >
          {COMMITTEE_ROLES.map((role) => (
            <option key={role} value={role}>
              {COMMITTEE_ROLE_LABELS[role]}
            </option>
          ))}
        </Select>
      </Field>
      <Button type="submit" pending={isSubmitting}>
        {member ? "Save" : "Add to the committee"}
      </Button>
    </form>
  );
}
