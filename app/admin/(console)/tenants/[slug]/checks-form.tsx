"use client";
// Run the tenant's pending migrations now (asked twice, with a reason), check
// its health now, or refresh its snapshot; each shows its result and
// refreshes the snapshot the tenants list reads.
import { zodResolver } from "@hookform/resolvers/zod";
import { useTransition } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { type MigrateNowInput, migrateNowInput } from "@/lib/operations/tenant-input";
import { healthCheckAction, migrateNowAction, refreshSnapshotAction } from "./actions";
import { OutcomeAlert, useOutcome } from "./outcome";
import { ReasonField } from "./reason-field";

const OUTCOMES = {
  migrated: "Migrated",
  "up-to-date": "Already up to date",
  failed: "Failed",
  skipped: "Skipped",
} as const;

export function ChecksForm({ slug }: { slug: string }) {
  const migrate = useOutcome();
  const check = useOutcome();
  const [checking, startCheck] = useTransition();
  const form = useForm<MigrateNowInput>({
    resolver: zodResolver(migrateNowInput),
    defaultValues: { slug, reason: "" },
  });
  const submit = form.handleSubmit(async (values) => {
    const ok = migrate.settle(await migrateNowAction(values), (data) => {
      const applied = data.applied.length > 0 ? `: ${data.applied.join(", ")}` : ".";
      const text = `${OUTCOMES[data.outcome]}${data.reason ? ` (${data.reason})` : applied}`;
      return { tone: data.outcome === "failed" ? "error" : data.outcome === "skipped" ? "warning" : "success", text };
    });
    if (ok) form.reset({ slug, reason: "" });
  });

  return (
    <Card className="space-y-4">
      <CardTitle>Checks</CardTitle>
      <div className="space-y-2">
        <OutcomeAlert outcome={check.outcome} />
        <div className="flex flex-wrap gap-2">
          <Button
            variant="secondary"
            pending={checking}
            onClick={() =>
              startCheck(async () => {
                check.settle(await healthCheckAction({ slug }), (data) =>
                  data.problems.length === 0
                    ? "Healthy: database reachable, every migration applied, initial admin present."
                    : { tone: "error", text: `Problems: ${data.problems.join("; ")}` },
                );
              })
            }
          >
            Health check now
          </Button>
          <Button
            variant="ghost"
            pending={checking}
            onClick={() =>
              startCheck(async () => {
                check.settle(await refreshSnapshotAction({ slug }), () => "Snapshot refreshed.");
              })
            }
          >
            Refresh snapshot
          </Button>
        </div>
      </div>
      <form
        method="post"
        noValidate
        aria-label="Run migrations now"
        className="space-y-3 border-t border-slate-200 pt-4"
        onSubmit={submit}
      >
        <OutcomeAlert outcome={migrate.outcome} />
        <ReasonField
          id="migrate-reason"
          error={form.formState.errors.reason?.message}
          registration={form.register("reason")}
        />
        <ConfirmButton
          pending={form.formState.isSubmitting}
          confirmLabel="Click again to migrate"
          onConfirm={() => void submit()}
          className="w-full"
        >
          Run migrations now
        </ConfirmButton>
      </form>
    </Card>
  );
}
