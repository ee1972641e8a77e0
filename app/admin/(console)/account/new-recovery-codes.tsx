"use client";
// "Show new recovery codes": the old ones stop working, the new ones are shown once.
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { newRecoveryCodesAction } from "./actions";
import { RecoveryCodes } from "./recovery-codes";

export function NewRecoveryCodes({ email }: { email: string }) {
  const [codes, setCodes] = useState<string[]>();
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();

  if (codes) return <RecoveryCodes codes={codes} email={email} />;
  return (
    <div className="space-y-2">
      {error && <Alert tone="error">{error}</Alert>}
      <ConfirmButton
        pending={pending}
        confirmLabel="Your current codes stop working: replace them?"
        onConfirm={() =>
          startTransition(async () => {
            const result = await newRecoveryCodesAction({});
            if (result.ok) setCodes(result.data.codes);
            else setError(result.error);
          })
        }
      >
        Show new recovery codes
      </ConfirmButton>
    </div>
  );
}
