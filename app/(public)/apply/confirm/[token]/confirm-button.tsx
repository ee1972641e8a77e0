"use client";
// The button that confirms: the page only shows what it would confirm.
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { confirmApplicationAction } from "../../actions";

type Outcome = { ok: true; reference: string } | { ok: false; error: string };

export function ConfirmButton({ token }: { token: string }) {
  const [outcome, setOutcome] = useState<Outcome>();
  const [pending, startTransition] = useTransition();

  if (outcome?.ok) {
    return (
      <Alert tone="success">
        Your email address is confirmed. Application <span className="font-mono">{outcome.reference}</span> is now
        waiting for review; we will write to you once a platform admin has reviewed it.
      </Alert>
    );
  }
  return (
    <div className="space-y-4">
      {outcome && <Alert tone="error">{outcome.error}</Alert>}
      <Button
        pending={pending}
        className="w-full"
        onClick={() =>
          startTransition(async () => {
            const result = await confirmApplicationAction({ token });
            setOutcome(result.ok ? { ok: true, reference: result.data.reference } : { ok: false, error: result.error });
          })
        }
      >
        Confirm my application
      </Button>
    </div>
  );
}
