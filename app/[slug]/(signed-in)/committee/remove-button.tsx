"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { removeCommitteeMemberAction } from "./actions";

export function RemoveButton({ slug, memberId, email }: { slug: string; memberId: string; email: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-1 text-right">
      <ConfirmButton
        pending={pending}
        aria-label={`Remove ${email} from the committee`}
        confirmLabel="Remove from the committee?"
        onConfirm={() =>
          startTransition(async () => {
            setError(undefined);
            const result = await removeCommitteeMemberAction(slug, { memberId });
            if (!result.ok) setError(result.error);
            router.refresh();
          })
        }
      >
        Remove
      </ConfirmButton>
      {error && (
        <p role="alert" className="text-xs text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}
