"use client";
// The tenant's database server: which one, and the database user it connects
// as (never a password). Owners may move it to another active server (its
// pages answer 503 while the copy is made and checked; the old copy is kept
// unless they ask to drop it), confirmed by typing the slug, with a reason;
// and give it new database credentials without downtime, asked twice.
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { formatDateTime } from "@/components/data-table/format";
import { controlAria } from "@/components/forms/aria";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import {
  type MoveTenantInput,
  moveTenantInput,
  type ResetCredentialsInput,
  resetCredentialsInput,
} from "@/lib/operations/server-input";
import type { Readout } from "@/lib/operations/tenant-detail";
import type { TenantServerView } from "@/lib/operations/tenant-server";
import { type Outcome, OutcomeAlert, useOutcome } from "./outcome";
import { ReasonField } from "./reason-field";
import { moveTenantAction, resetCredentialsAction } from "./server-actions";

type Settle = ReturnType<typeof useOutcome>["settle"];

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function MoveForm({ slug, view, settle }: { slug: string; view: TenantServerView; settle: Settle }) {
  const blank = { slug, to: view.moveTargets[0]?.name ?? "", reason: "", dropSource: false, confirmation: "" };
  const form = useForm<MoveTenantInput>({ resolver: zodResolver(moveTenantInput), defaultValues: blank });
  const { errors, isSubmitting } = form.formState;
  const submit = form.handleSubmit(async (values) => {
    const ok = settle(await moveTenantAction(values), (data): Outcome => {
      const old = data.sourceDropped
        ? `its old copy on ${data.from} is dropped`
        : `its old copy on ${data.from} is kept (catalogued as source) until purge`;
      return {
        tone: "success",
        text: `Moved to ${data.to}: ${data.rows.toLocaleString("en-US")} rows copied and checked table by table; its pages were in maintenance for ${seconds(data.unavailableMs)} (${seconds(data.durationMs)} in all); ${old}.`,
      };
    });
    if (ok) form.reset({ ...blank, to: values.to });
  });
  if (view.moveTargets.length === 0) {
    return <p className="text-sm text-slate-500">No other active server to move it to: add or uncordon one first.</p>;
  }
  return (
    <form method="post" noValidate aria-label="Move to another server" className="space-y-3" onSubmit={submit}>
      <Field id="move-to" label="Move to" error={errors.to?.message}>
        <Select {...form.register("to")} {...controlAria("move-to", { error: errors.to?.message })}>
          {view.moveTargets.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name} · {s.label} · {s.tenants}/{s.capacity} tenants
            </option>
          ))}
        </Select>
      </Field>
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input type="checkbox" {...form.register("dropSource")} className="mt-0.5" />
        <span>Drop the old copy once the move is verified (otherwise kept until purge)</span>
      </label>
      <Field id="move-confirmation" label={`Type ${slug} to confirm`} error={errors.confirmation?.message}>
        <Input
          {...form.register("confirmation")}
          {...controlAria("move-confirmation", { error: errors.confirmation?.message })}
          autoComplete="off"
          spellCheck={false}
        />
      </Field>
      <ReasonField id="move-reason" error={errors.reason?.message} registration={form.register("reason")} />
      <Button type="submit" variant="danger" pending={isSubmitting} className="w-full">
        {isSubmitting ? "Moving… (its pages answer 503 meanwhile)" : "Move tenant"}
      </Button>
    </form>
  );
}

function ResetForm({ slug, settle }: { slug: string; settle: Settle }) {
  const form = useForm<ResetCredentialsInput>({
    resolver: zodResolver(resetCredentialsInput),
    defaultValues: { slug, reason: "" },
  });
  const submit = form.handleSubmit(async (values) => {
    const ok = settle(
      await resetCredentialsAction(values),
      (data) => `New database credentials: the tenant now connects as ${data.user}; the previous user is locked.`,
    );
    if (ok) form.reset({ slug, reason: "" });
  });
  return (
    <form
      method="post"
      noValidate
      aria-label="Reset database credentials"
      className="space-y-3"
      onSubmit={(e) => e.preventDefault()}
    >
      <ReasonField
        id="credentials-reason"
        error={form.formState.errors.reason?.message}
        registration={form.register("reason")}
      />
      <ConfirmButton
        pending={form.formState.isSubmitting}
        confirmLabel="Click again to change its database password"
        onConfirm={() => void submit()}
        className="w-full"
      >
        Reset database credentials
      </ConfirmButton>
    </form>
  );
}

export function ServerCard(props: {
  slug: string;
  server: Readout<TenantServerView>;
  mayDestroy: boolean;
  deleted: boolean;
}) {
  // Here, not in the forms: the message stays while the page refreshes around it.
  const { outcome, settle } = useOutcome();
  const { server } = props;
  return (
    <Card className="space-y-4">
      <CardTitle>Database server</CardTitle>
      <OutcomeAlert outcome={outcome} />
      {!server.ok ? (
        <p className="text-sm text-slate-600">
          <Badge tone="red">unreadable</Badge> Its server cannot be read: {server.error}
        </p>
      ) : (
        <>
          <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-slate-500">Server</dt>
              <dd className="flex flex-wrap items-center gap-2">
                <span className="font-mono text-xs font-medium" data-testid="tenant-server">
                  {server.value.server.name}
                </span>
                <span className="font-mono text-xs text-slate-500">{server.value.server.label}</span>
                {server.value.server.state !== "active" && <Badge tone="yellow">{server.value.server.state}</Badge>}
                {server.value.server.unreachable && <Badge tone="red">unreachable at the last refresh</Badge>}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Database user</dt>
              <dd>
                {server.value.credentialUser ? (
                  <span className="font-mono text-xs" data-testid="tenant-credential-user">
                    {server.value.credentialUser}
                  </span>
                ) : (
                  <span className="text-slate-600">
                    the server's admin (no user of its own yet:{" "}
                    <span className="font-mono text-xs">tenants credentials:provision</span>)
                  </span>
                )}
                {server.value.credentialRotatedAt && (
                  <span className="block text-xs text-slate-500">
                    password changed {formatDateTime(server.value.credentialRotatedAt)}
                  </span>
                )}
              </dd>
            </div>
          </dl>
          {props.mayDestroy && (
            <div className="grid gap-6 border-t border-slate-100 pt-4 md:grid-cols-2">
              <div className="space-y-2">
                <h3 className="text-sm font-semibold text-slate-900">Move to another server</h3>
                <MoveForm slug={props.slug} view={server.value} settle={settle} />
              </div>
              {server.value.credentialUser && !props.deleted && (
                <div className="space-y-2">
                  <h3 className="text-sm font-semibold text-slate-900">Database credentials</h3>
                  <p className="text-sm text-slate-600">
                    Its idle database user gets a new password and the tenant switches to it; the one in use now is then
                    locked. No downtime.
                  </p>
                  <ResetForm slug={props.slug} settle={settle} />
                </div>
              )}
            </div>
          )}
        </>
      )}
    </Card>
  );
}
