"use client";
// Maintenance: the holds in force (an admin's can be ended here, with a
// reason; a restore's or a move's ends when its work is done), and a form to
// start an admin's maintenance with the message the tenant's users see and an
// optional end.
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { formatDateTime } from "@/components/data-table/format";
import { controlAria } from "@/components/forms/aria";
import { Card, CardTitle } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import {
  type MaintenanceOffInput,
  type MaintenanceOnInput,
  maintenanceOffInput,
  maintenanceOnInput,
} from "@/lib/operations/tenant-input";
import { endMaintenanceAction, startMaintenanceAction } from "./actions";
import { OutcomeAlert, useOutcome } from "./outcome";
import { ReasonField } from "./reason-field";

export interface HoldView {
  id: string;
  kind: "admin" | "restore" | "move";
  owner: string;
  message: string | null;
  endsAt: string | null;
  createdAt: string;
}

type Settle = ReturnType<typeof useOutcome>["settle"];

function EndHold({ slug, hold, settle }: { slug: string; hold: HoldView; settle: Settle }) {
  const form = useForm<MaintenanceOffInput>({
    resolver: zodResolver(maintenanceOffInput),
    defaultValues: { slug, holdId: hold.id, reason: "" },
  });
  const submit = form.handleSubmit(async (values) => {
    settle(await endMaintenanceAction(values), (data) =>
      data.remaining > 0
        ? { tone: "warning", text: "Your maintenance ended; another hold keeps the space in maintenance." }
        : "Maintenance ended: the space is open again.",
    );
  });
  return (
    <form method="post" noValidate aria-label="End maintenance" className="space-y-3" onSubmit={submit}>
      <ReasonField
        id={`end-${hold.id}`}
        error={form.formState.errors.reason?.message}
        registration={form.register("reason")}
      />
      <ConfirmButton
        pending={form.formState.isSubmitting}
        confirmLabel="Click again to end maintenance"
        onConfirm={() => void submit()}
        className="w-full"
      >
        End maintenance
      </ConfirmButton>
    </form>
  );
}

function StartForm({ slug, settle }: { slug: string; settle: Settle }) {
  const [local, setLocal] = useState("");
  const form = useForm<MaintenanceOnInput, unknown, z.output<typeof maintenanceOnInput>>({
    resolver: zodResolver(maintenanceOnInput),
    defaultValues: { slug, message: "", until: "", reason: "" },
  });
  const { errors } = form.formState;
  // Validated here; sent as typed (the end as an ISO string), for the server parses it again.
  const submit = form.handleSubmit(async () => {
    const ok = settle(
      await startMaintenanceAction(form.getValues()),
      () => "In maintenance: its pages answer 503 with your message.",
    );
    if (ok) {
      form.reset({ slug, message: "", until: "", reason: "" });
      setLocal("");
    }
  });
  return (
    <form method="post" noValidate aria-label="Start maintenance" className="space-y-3" onSubmit={submit}>
      <Field id="maintenance-message" label="Message for the tenant's users" error={errors.message?.message}>
        <Textarea
          {...form.register("message")}
          {...controlAria("maintenance-message", { error: errors.message?.message })}
          rows={3}
        />
      </Field>
      <Field
        id="maintenance-until"
        label="Ends (optional, your local time)"
        error={errors.until?.message}
        hint="Left empty, it lasts until someone ends it."
      >
        <Input
          {...controlAria("maintenance-until", { error: errors.until?.message, hint: true })}
          type="datetime-local"
          value={local}
          onChange={(event) => {
            // The browser's local time as an instant with its offset: the server cannot know the zone.
            setLocal(event.target.value);
            const when = new Date(event.target.value);
            form.setValue("until", Number.isNaN(when.getTime()) ? "" : when.toISOString());
          }}
        />
      </Field>
      <ReasonField id="maintenance-reason" error={errors.reason?.message} registration={form.register("reason")} />
      <ConfirmButton
        pending={form.formState.isSubmitting}
        confirmLabel="Click again to close the space"
        onConfirm={() => void submit()}
        className="w-full"
      >
        Start maintenance
      </ConfirmButton>
    </form>
  );
}

export function MaintenanceForm(props: { slug: string; holds: HoldView[]; deleted: boolean; readOnly?: boolean }) {
  const { slug, holds } = props;
  // Here, not in the forms: starting swaps the start form for the end form, and the message must stay.
  const { outcome, settle } = useOutcome();
  const admin = holds.find((h) => h.kind === "admin");
  return (
    <Card className="space-y-4">
      <CardTitle>Maintenance</CardTitle>
      <p className="text-sm text-slate-600">
        While any hold is in force, the space's pages answer 503 with the message and signing in is paused.
      </p>
      {holds.length > 0 && (
        <ul className="space-y-2 text-sm" aria-label="Maintenance holds">
          {holds.map((hold) => (
            <li key={hold.id} className="rounded-md bg-amber-50 px-3 py-2 text-amber-900 ring-1 ring-amber-200">
              <div className="font-medium">
                {hold.kind === "admin" ? "An admin" : `A ${hold.kind}`} ({hold.owner}) since{" "}
                {formatDateTime(hold.createdAt)}
                {hold.endsAt ? `, until ${formatDateTime(hold.endsAt)}` : ", until ended"}
              </div>
              {hold.message && <p className="mt-1 whitespace-pre-wrap">{hold.message}</p>}
              {hold.kind !== "admin" && <p className="mt-1 text-xs">Ends by itself when the {hold.kind} is done.</p>}
            </li>
          ))}
        </ul>
      )}
      {holds.length === 0 && props.readOnly && <p className="text-sm text-slate-500">Not in maintenance.</p>}
      <OutcomeAlert outcome={outcome} />
      {!props.readOnly &&
        (admin ? (
          <EndHold key={admin.id} slug={slug} hold={admin} settle={settle} />
        ) : (
          !props.deleted && <StartForm slug={slug} settle={settle} />
        ))}
    </Card>
  );
}
