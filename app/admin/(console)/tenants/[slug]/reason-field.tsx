"use client";
// The reason every tenant action asks for: it goes into the audit log.
import type { UseFormRegisterReturn } from "react-hook-form";
import { controlAria } from "@/components/forms/aria";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";

export function ReasonField({
  id,
  error,
  registration,
  label = "Reason (kept in the audit log)",
}: {
  id: string;
  error?: string;
  registration: UseFormRegisterReturn;
  label?: string;
}) {
  return (
    <Field id={id} label={label} error={error}>
      <Textarea {...registration} {...controlAria(id, { error })} rows={2} />
    </Field>
  );
}
