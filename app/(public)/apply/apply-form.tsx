"use client";
// The application form: react-hook-form with the same zod schema the server
// action parses with again. The slug follows the organization's name until the
// applicant edits it.
import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { controlAria } from "@/components/forms/aria";
import { CharacterCount } from "@/components/forms/character-count";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import {
  type ApplicationFormValues,
  type ApplicationInput,
  applicationInput,
  NOTE_MAX,
} from "@/lib/platform/applications/input";
import { suggestSlug } from "@/lib/platform/slugs";
import { submitApplicationAction } from "./actions";
import { SlugStatus } from "./slug-status";
import { Submitted, type SubmittedProps } from "./submitted";

type Option = { value: string; label: string };
const FIELDS = Object.keys(applicationInput.shape) as (keyof ApplicationFormValues)[];

export function ApplyForm(props: {
  countries: Option[];
  organizationTypes: readonly Option[];
  appUrl: string;
  confirmHours: number;
}) {
  const [submitted, setSubmitted] = useState<SubmittedProps | null>(null);
  const [formError, setFormError] = useState<string>();
  const slugEdited = useRef(false);
  const form = useForm<ApplicationFormValues, unknown, ApplicationInput>({
    resolver: zodResolver(applicationInput),
    mode: "onTouched",
    defaultValues: { organizationName: "", requestedSlug: "", contactFirstName: "", contactLastName: "", note: "" },
  });
  const { register, formState, setValue } = form;
  const errors = formState.errors;
  const [organizationName, slug, note] = form.watch(["organizationName", "requestedSlug", "note"]);

  useEffect(() => {
    if (!slugEdited.current) setValue("requestedSlug", suggestSlug(organizationName ?? ""));
  }, [organizationName, setValue]);

  async function onSubmit(values: ApplicationInput) {
    setFormError(undefined);
    const result = await submitApplicationAction(values);
    if (result.ok) {
      setSubmitted({
        reference: result.data.reference,
        email: values.contactEmail,
        address: `${props.appUrl}/${result.data.slug}`,
        confirmationSent: result.data.confirmationSent,
        confirmHours: props.confirmHours,
      });
      window.scrollTo({ top: 0 });
      return;
    }
    const placed = applyServerErrors(form.setError, result, FIELDS);
    setFormError(placed && result.code === "INVALID_INPUT" ? "Check the highlighted fields." : result.error);
  }

  if (submitted) return <Submitted {...submitted} />;

  const aria = (id: keyof ApplicationFormValues, hint = false) => controlAria(id, { error: errors[id]?.message, hint });

  return (
    <form method="post" onSubmit={form.handleSubmit(onSubmit)} noValidate className="space-y-8">
      {formError && <Alert tone="error">{formError}</Alert>}

      <fieldset className="space-y-4">
        <legend className="text-base font-semibold">Your organization</legend>
        <Field id="organizationName" label="Organization name" error={errors.organizationName?.message}>
          <Input
            {...register("organizationName")}
            {...aria("organizationName")}
            autoComplete="organization"
            maxLength={255}
          />
        </Field>
        <Field
          id="requestedSlug"
          label="Address (slug)"
          error={errors.requestedSlug?.message}
          hint={<SlugStatus slug={slug ?? ""} appUrl={props.appUrl} />}
        >
          <Input
            {...register("requestedSlug", {
              onChange: (event) => {
                slugEdited.current = event.target.value !== "";
              },
            })}
            {...aria("requestedSlug", true)}
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            className="font-mono"
          />
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="organizationType" label="Type of organization" error={errors.organizationType?.message}>
            <Select {...register("organizationType")} {...aria("organizationType")} defaultValue="">
              <option value="" disabled>
                Choose…
              </option>
              {props.organizationTypes.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="country" label="Country" error={errors.country?.message}>
            <Select {...register("country")} {...aria("country")} defaultValue="" autoComplete="country">
              <option value="" disabled>
                Choose…
              </option>
              {props.countries.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Field
          id="expectedVoters"
          label="Expected number of voters"
          error={errors.expectedVoters?.message}
          hint="Roughly how many people will vote in your largest election."
        >
          <Input
            {...register("expectedVoters", { valueAsNumber: true })}
            {...aria("expectedVoters", true)}
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
          />
        </Field>
      </fieldset>

      <fieldset className="space-y-4">
        <legend className="text-base font-semibold">Contact person</legend>
        <p className="text-sm text-slate-600">They become the first administrator of your organization's space.</p>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="contactFirstName" label="First name" error={errors.contactFirstName?.message}>
            <Input
              {...register("contactFirstName")}
              {...aria("contactFirstName")}
              autoComplete="given-name"
              maxLength={100}
            />
          </Field>
          <Field id="contactLastName" label="Last name" error={errors.contactLastName?.message}>
            <Input
              {...register("contactLastName")}
              {...aria("contactLastName")}
              autoComplete="family-name"
              maxLength={100}
            />
          </Field>
        </div>
        <Field id="contactEmail" label="Email" error={errors.contactEmail?.message}>
          <Input
            {...register("contactEmail")}
            {...aria("contactEmail")}
            type="email"
            autoComplete="email"
            maxLength={255}
          />
        </Field>
      </fieldset>

      <Field
        id="note"
        label="Anything we should know? (optional)"
        error={errors.note?.message}
        hint={<CharacterCount id="note-count" length={note?.length ?? 0} max={NOTE_MAX} />}
      >
        <Textarea {...register("note")} {...aria("note", true)} rows={4} />
      </Field>

      <Button type="submit" pending={formState.isSubmitting} className="w-full sm:w-auto">
        Submit application
      </Button>
    </form>
  );
}
