"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { withdrawInvitationAction } from "./actions";

export function WithdrawButton({ invitationId }: { invitationId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-1 text-right">
      <ConfirmButton
        pending={pending}
        confirmLabel="Withdraw: the link stops working"
        onConfirm={() =>
          startTransition(async () => {
            setError(undefined);
            const result = await withdrawInvitationAction({ invitationId });
            if (!result.ok) setError(result.error);
            router.refresh();
          })
        }
      >
        Withdraw
      </ConfirmButton>
      {error && (
        <p role="alert" className="text-xs text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}
