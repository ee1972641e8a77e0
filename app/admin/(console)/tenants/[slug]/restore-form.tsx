"use client";
// Restore the tenant from one of its good backups (owners only): the backup is
// loaded into a new database, compared with its manifest and migrated forward,
// then the tenant is switched to it; the database it used before is kept.
// Confirmed by typing the slug, with a reason; a deleted tenant is brought
// back by undeleting it first.
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { formatDateTime } from "@/components/data-table/format";
import { controlAria } from "@/components/forms/aria";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { type RestoreInput, restoreInput } from "@/lib/operations/tenant-input";
import { formatBytes } from "../tenant-badges";
import { restoreTenantAction } from "./backup-actions";
import type { BackupView } from "./backup-view";
import { OutcomeAlert, useOutcome } from "./outcome";
import { ReasonField } from "./reason-field";

function label(b: BackupView): string {
  const verified = b.verification === "passed" ? " · verified" : "";
  return `${formatDateTime(b.startedAt)} · ${b.reason} · ${formatBytes(b.sizeBytes)}${verified}`;
}

type Settle = ReturnType<typeof useOutcome>["settle"];

// Mounted only once there is a backup to choose, so the first one is the form's default.
function RestoreFields({
  slug,
  good,
  settle,
  busy,
}: {
  slug: string;
  good: BackupView[];
  settle: Settle;
  busy: boolean;
}) {
  const form = useForm<RestoreInput>({
    resolver: zodResolver(restoreInput),
    defaultValues: { slug, backupId: good[0]?.id ?? "", confirmation: "", reason: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const submit = form.handleSubmit(async (values) => {
    const chosen = good.find((b) => b.id === values.backupId);
    const ok = settle(await restoreTenantAction(values), (data) => {
      const migrated = data.migrated.length > 0 ? `, migrated forward (${data.migrated.join(", ")})` : "";
      const kept = data.previous ? ` The database it used before, ${data.previous}, is kept.` : "";
      const from = chosen ? ` from the backup of ${formatDateTime(chosen.startedAt)}` : "";
      return `Restored${from}: the tenant now uses ${data.database}${migrated}.${kept}`;
    });
    if (ok) form.reset({ slug, backupId: values.backupId, confirmation: "", reason: "" });
  });
  return (
    <form method="post" noValidate aria-label="Restore from a backup" className="space-y-3" onSubmit={submit}>
      <Field id="restore-backup" label="Backup" error={errors.backupId?.message}>
        <Select {...form.register("backupId")} {...controlAria("restore-backup", { error: errors.backupId?.message })}>
          {good.map((b) => (
            <option key={b.id} value={b.id}>
              {label(b)}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="restore-confirmation" label={`Type ${slug} to confirm`} error={errors.confirmation?.message}>
        <Input
          {...form.register("confirmation")}
          {...controlAria("restore-confirmation", { error: errors.confirmation?.message })}
          autoComplete="off"
          spellCheck={false}
        />
      </Field>
      <ReasonField id="restore-reason" error={errors.reason?.message} registration={form.register("reason")} />
      <Button type="submit" variant="danger" pending={isSubmitting} disabled={busy} className="w-full">
        {isSubmitting ? "Restoring…" : "Restore tenant"}
      </Button>
    </form>
  );
}

export function RestoreForm(props: { slug: string; backups: BackupView[]; deleted: boolean; busy: boolean }) {
  const good = props.backups.filter((b) => b.good && b.hasFile);
  // Here, not in the fields: the message stays while the page refreshes around it.
  const { outcome, settle } = useOutcome();
  return (
    <Card className="space-y-3">
      <CardTitle>Restore from a backup</CardTitle>
      <p className="text-sm text-slate-600">
        The backup is loaded into a new database and checked against its manifest; then the tenant switches to it. Its
        pages answer 503 meanwhile. The database it uses now is kept (
        <span className="font-mono text-xs">tenants restore:drop-previous</span> drops it).
      </p>
      <OutcomeAlert outcome={outcome} />
      {props.deleted ? (
        <p className="text-sm text-slate-500">
          A deleted tenant is not restored over: undelete it first (its database is kept until purge).
        </p>
      ) : good.length === 0 ? (
        <p className="text-sm text-slate-500">There is no good backup to restore from yet.</p>
      ) : (
        <RestoreFields slug={props.slug} good={good} settle={settle} busy={props.busy} />
      )}
    </Card>
  );
}
