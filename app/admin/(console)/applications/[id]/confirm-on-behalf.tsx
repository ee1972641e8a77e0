"use client";
// Shown for an application still waiting for the applicant's email, when no
// mail provider is configured: the outbox is the only mailbox, so nobody could
// follow the emailed link, and an admin confirms for the applicant instead.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { confirmOnBehalfAction } from "./actions";

export function ConfirmOnBehalf({ applicationId }: { applicationId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  return (
    <Card className="space-y-4">
      <CardTitle>Awaiting email confirmation</CardTitle>
      <p className="text-sm text-slate-600">
        No mail provider is configured, so the confirmation link sits in the outbox where the applicant cannot reach it.
        Confirm for them to move the application to review.
      </p>
      {error && <Alert tone="error">{error}</Alert>}
      <Button
        pending={pending}
        className="w-full"
        onClick={() =>
          startTransition(async () => {
            setError(undefined);
            const result = await confirmOnBehalfAction({ applicationId });
            if (result.ok) router.refresh();
            else setError(result.error);
          })
        }
      >
        Confirm for the applicant
      </Button>
    </Card>
  );
}
