"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { controlAria } from "@/components/forms/aria";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { type ProfileInput, profileInput } from "@/lib/tenant-auth/team-input";
import { updateProfileAction } from "./actions";

export function NameForm({ slug, firstName, lastName }: { slug: string; firstName: string; lastName: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string }>();
  const form = useForm<ProfileInput>({ resolver: zodResolver(profileInput), defaultValues: { firstName, lastName } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setMessage(undefined);
    const result = await updateProfileAction(slug, values);
    if (result.ok) {
      setMessage({ tone: "success", text: "Saved." });
      router.refresh();
      return;
    }
    if (!applyServerErrors(form.setError, result, ["firstName", "lastName"])) {
      setMessage({ tone: "error", text: result.error });
    }
  });

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Your name">
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="profile-first-name" label="First name" error={errors.firstName?.message}>
          <Input
            {...controlAria("profile-first-name", { error: errors.firstName?.message })}
            {...form.register("firstName")}
            autoComplete="given-name"
          />
        </Field>
        <Field id="profile-last-name" label="Last name" error={errors.lastName?.message}>
          <Input
            {...controlAria("profile-last-name", { error: errors.lastName?.message })}
            {...form.register("lastName")}
            autoComplete="family-name"
          />
        </Field>
      </div>
      <Button type="submit" pending={isSubmitting}>
        Save
      </Button>
    </form>
  );
}
