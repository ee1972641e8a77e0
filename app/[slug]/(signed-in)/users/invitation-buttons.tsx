"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import type { ActionResult } from "@/lib/actions";
import { resendInvitationAction, withdrawInvitationAction } from "./actions";

export function InvitationButtons({
  slug,
  invitationId,
  email,
}: {
  slug: string;
  invitationId: string;
  email: string;
}) {
  const router = useRouter();
  const [message, setMessage] = useState<{ error: boolean; text: string }>();
  const [pending, startTransition] = useTransition();

  function run(act: () => Promise<ActionResult<unknown>>, done: string) {
    startTransition(async () => {
      setMessage(undefined);
      const result = await act();
      setMessage(result.ok ? { error: false, text: done } : { error: true, text: result.error });
      router.refresh();
    });
  }

  return (
    <div className="space-y-1 text-right">
      <div className="flex gap-2">
        <ConfirmButton
          pending={pending}
          aria-label={`Resend the invitation to ${email}`}
          confirmLabel="Resend: the old link stops working"
          onConfirm={() => run(() => resendInvitationAction(slug, { invitationId }), `Sent again to ${email}.`)}
        >
          Resend
        </ConfirmButton>
        <ConfirmButton
          pending={pending}
          aria-label={`Withdraw the invitation to ${email}`}
          confirmLabel="Withdraw: the link stops working"
          onConfirm={() => run(() => withdrawInvitationAction(slug, { invitationId }), "Withdrawn.")}
        >
          Withdraw
        </ConfirmButton>
      </div>
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
