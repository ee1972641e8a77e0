"use client";

// The new-password pair of the password forms (a tenant's setup link and change of
// password, a platform admin's invitation and own change of password), with
// the policy shown as a checklist that follows what the person types.
import { type FieldErrors, type Path, type UseFormReturn, useWatch } from "react-hook-form";
import { controlAria } from "@/components/forms/aria";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { passwordChecklist } from "@/lib/password-policy";

interface PasswordPair {
  password: string;
  confirmPassword: string;
}

export function PasswordFields<T extends PasswordPair>({
  form,
  label = "New password",
}: {
  form: UseFormReturn<T>;
  label?: string;
}) {
  const password = String(useWatch({ control: form.control, name: "password" as Path<T> }) ?? "");
  const errors = form.formState.errors as FieldErrors<PasswordPair>;
  const checklist = passwordChecklist(password).filter((item) => item.label !== "at most 72 characters" || !item.ok);
  return (
    <>
      <div className="space-y-1.5">
        <Field id="password" label={label} error={errors.password?.message}>
          <Input
            {...controlAria("password", { error: errors.password?.message })}
            aria-describedby={[errors.password ? "password-error" : null, "password-rules"].filter(Boolean).join(" ")}
            {...form.register("password" as Path<T>)}
            type="password"
            autoComplete="new-password"
          />
        </Field>
        {/* Shown even beside an error, so every missing rule is in view, not only the first. */}
        <Checklist items={checklist} />
      </div>
      <Field id="confirmPassword" label="Repeat the new password" error={errors.confirmPassword?.message}>
        <Input
          {...controlAria("confirmPassword", { error: errors.confirmPassword?.message })}
          {...form.register("confirmPassword" as Path<T>)}
          type="password"
          autoComplete="new-password"
        />
      </Field>
    </>
  );
}

function Checklist({ items }: { items: { label: string; ok: boolean }[] }) {
  return (
    <p id="password-rules" className="flex flex-wrap gap-x-3 gap-y-1 text-xs">
      <span className="sr-only">The password needs:</span>
      {items.map((item) => (
        <span key={item.label} className={item.ok ? "text-emerald-700" : "text-slate-500"}>
          {item.ok ? "✓" : "○"} {item.label}
          <span className="sr-only">{item.ok ? " (done)" : " (missing)"}</span>
        </span>
      ))}
    </p>
  );
}
