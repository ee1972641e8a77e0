"use client";
// What an owner may do to one server. Cordon and uncordon are undone as easily
// as done: asked twice (ConfirmButton). Draining and removing are not: each
// opens a form asking why (it goes into the audit log), then asks twice. The
// server refuses what the state does not allow (the last active server, a
// server that still holds tenants) and its message is shown on the row.
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { type ReactNode, useId, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { ConfirmButton } from "@/components/ui/confirm-button";
import type { ActionResult } from "@/lib/actions";
import {
  type DrainServerInput,
  drainServerInput,
  type RemoveServerInput,
  removeServerInput,
} from "@/lib/operations/server-input";
import type { ServerRow } from "@/lib/operations/server-overview";
import { ReasonField } from "../tenants/[slug]/reason-field";
import { cordonServerAction, drainServerAction, removeServerAction, uncordonServerAction } from "./actions";

type Message = { error: boolean; text: string };
type Say = (result: ActionResult<unknown>, done: string | (() => string)) => boolean;

/** A form folded away until opened: what it does needs a reason, then asks twice. */
function Folded(props: { summary: string; label: string; children: ReactNode }) {
  return (
    <details className="rounded-md ring-1 ring-slate-200 open:p-2">
      <summary className="cursor-pointer px-2 py-1 text-sm font-medium text-slate-700">{props.summary}</summary>
      <form
        method="post"
        noValidate
        aria-label={props.label}
        className="mt-2 space-y-2"
        // Only the confirm button acts: pressing Enter must not skip the second ask.
        onSubmit={(event) => event.preventDefault()}
      >
        {props.children}
      </form>
    </details>
  );
}

function DrainForm({ server, say }: { server: ServerRow; say: Say }) {
  const id = useId();
  const name = server.name;
  const form = useForm<DrainServerInput>({
    resolver: zodResolver(drainServerInput),
    defaultValues: { name, reason: "", dropSource: false },
  });
  const submit = form.handleSubmit(async (values) => {
    const result = await drainServerAction(values);
    const ok = say(result, () => {
      if (!result.ok) return "";
      if (!result.data.finished) return `Draining ${name}: its progress shows above and refreshes by itself.`;
      const { moved, failed } = result.data.summary;
      return `Drained ${name}: ${moved} moved, ${failed} failed.`;
    });
    if (ok) form.reset({ name, reason: "", dropSource: false });
  });
  return (
    <Folded summary={server.state === "draining" ? "Drain again…" : "Drain…"} label={`Drain ${name}`}>
      <ReasonField
        id={`${id}-reason`}
        error={form.formState.errors.reason?.message}
        registration={form.register("reason")}
      />
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input type="checkbox" {...form.register("dropSource")} className="mt-0.5" />
        <span>Drop each tenant's old copy once its move is verified (otherwise kept until purge)</span>
      </label>
      <ConfirmButton
        pending={form.formState.isSubmitting}
        confirmLabel={`Click again to move every tenant off ${name}`}
        onConfirm={() => void submit()}
        className="w-full"
      >
        Drain
      </ConfirmButton>
    </Folded>
  );
}

function RemoveForm({ name, say }: { name: string; say: Say }) {
  const id = useId();
  const form = useForm<RemoveServerInput>({
    resolver: zodResolver(removeServerInput),
    defaultValues: { name, reason: "" },
  });
  const submit = form.handleSubmit(async (values) => {
    say(await removeServerAction(values), `${name} is removed from the portal (nothing on it was touched).`);
  });
  return (
    <Folded summary="Remove…" label={`Remove ${name}`}>
      <ReasonField
        id={`${id}-reason`}
        error={form.formState.errors.reason?.message}
        registration={form.register("reason")}
      />
      <ConfirmButton
        pending={form.formState.isSubmitting}
        confirmLabel={`Click again to remove ${name}`}
        onConfirm={() => void submit()}
        className="w-full"
      >
        Remove
      </ConfirmButton>
    </Folded>
  );
}

export function ServerRowActions({ server }: { server: ServerRow }) {
  const router = useRouter();
  const [message, setMessage] = useState<Message>();
  const [pending, startTransition] = useTransition();
  const name = server.name;
  const drainRunning = server.drain?.running ?? false;

  const say: Say = (result, done) => {
    setMessage(
      result.ok
        ? { error: false, text: typeof done === "string" ? done : done() }
        : { error: true, text: result.error },
    );
    router.refresh();
    return result.ok;
  };
  const run = (act: () => Promise<ActionResult<unknown>>, done: string) =>
    startTransition(async () => {
      say(await act(), done);
    });

  return (
    <div className="flex min-w-52 flex-col gap-2">
      <div className="flex flex-wrap gap-2">
        {server.state === "active" ? (
          <ConfirmButton
            pending={pending}
            confirmLabel={`Cordon ${name}?`}
            onConfirm={() => run(() => cordonServerAction({ name }), `${name} is cordoned: it takes no new tenants.`)}
          >
            Cordon
          </ConfirmButton>
        ) : (
          !drainRunning && (
            <ConfirmButton
              pending={pending}
              confirmLabel={`Uncordon ${name}?`}
              onConfirm={() =>
                run(() => uncordonServerAction({ name }), `${name} is active: new tenants may be placed on it.`)
              }
            >
              Uncordon
            </ConfirmButton>
          )
        )}
      </div>
      {!drainRunning && <DrainForm server={server} say={say} />}
      {server.tenants === 0 && !drainRunning && <RemoveForm name={name} say={say} />}
      {message && (
        <p
          role={message.error ? "alert" : "status"}
          className={message.error ? "text-xs text-rose-700" : "text-xs text-emerald-700"}
        >
          {message.text}
        </p>
      )}
    </div>
  );
}
