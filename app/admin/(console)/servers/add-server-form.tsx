"use client";
// Register another database server. The portal connects as the admin given
// here and checks its grants before anything is recorded: a server that does
// not answer, or an admin that may not create users, is refused with the
// reason and nothing is added. The password is sealed by the keyring.
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
import { Input } from "@/components/ui/input";
import { type AddServerInput, addServerInput } from "@/lib/operations/server-input";
import { addServerAction } from "./actions";

const FIELDS = ["name", "host", "port", "adminUser", "adminPassword", "capacity", "weight"] as const;

export function AddServerForm({ defaultCapacity }: { defaultCapacity: number }) {
  const router = useRouter();
  const [outcome, setOutcome] = useState<{ tone: "success" | "error"; text: string }>();
  const blank: AddServerInput = {
    name: "",
    host: "",
    port: "3306",
    adminUser: "root",
    adminPassword: "",
    capacity: String(defaultCapacity),
    weight: "100",
  };
  const form = useForm<AddServerInput, unknown, z.output<typeof addServerInput>>({
    resolver: zodResolver(addServerInput),
    defaultValues: blank,
  });
  const { errors, isSubmitting } = form.formState;
  // Validated here; sent as typed, for the server parses it again.
  const submit = form.handleSubmit(async () => {
    const result = await addServerAction(form.getValues());
    if (result.ok) {
      setOutcome({
        tone: "success",
        text: `Added ${result.data.name} (${result.data.label}): it takes new tenants now.`,
      });
      form.reset(blank);
      router.refresh();
    } else {
      applyServerErrors(form.setError, result, FIELDS);
      setOutcome({ tone: "error", text: result.error });
    }
  });
  const text = (field: (typeof FIELDS)[number], label: string, props: Record<string, unknown> = {}) => (
    <Field id={`server-${field}`} label={label} error={errors[field]?.message}>
      <Input
        {...form.register(field)}
        {...controlAria(`server-${field}`, { error: errors[field]?.message })}
        autoComplete="off"
        spellCheck={false}
        {...props}
      />
    </Field>
  );
  return (
    <form method="post" noValidate aria-label="Add a server" className="space-y-4" onSubmit={submit}>
      {outcome && <Alert tone={outcome.tone}>{outcome.text}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        {text("name", "Name")}
        {text("host", "Host")}
        {text("port", "Port", { inputMode: "numeric" })}
        {text("adminUser", "Admin user")}
        {text("adminPassword", "Admin password", { type: "password", autoComplete: "new-password" })}
        {text("capacity", "Capacity (tenants)", { inputMode: "numeric" })}
        {text("weight", "Weight", { inputMode: "numeric" })}
      </div>
      <p className="text-xs text-slate-500">
        The admin needs ALL PRIVILEGES ON *.* WITH GRANT OPTION: the portal creates each tenant's database and its own
        database users there. A weight of 0 takes no new tenants; placement prefers the most free places against
        capacity, scaled by weight.
      </p>
      <Button type="submit" pending={isSubmitting}>
        {isSubmitting ? "Checking the server…" : "Add server"}
      </Button>
    </form>
  );
}
