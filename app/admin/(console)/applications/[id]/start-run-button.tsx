"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { startProvisioningAction } from "./actions";

const LABELS = { retry: "Retry provisioning", start: "Start provisioning" } as const;

export function StartRunButton({ applicationId, kind }: { applicationId: string; kind: keyof typeof LABELS }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-2">
      <Button
        pending={pending}
        onClick={() =>
          startTransition(async () => {
            setError(undefined);
            const result = await startProvisioningAction({ applicationId });
            if (result.ok) router.refresh();
            else setError(result.error);
          })
        }
      >
        {LABELS[kind]}
      </Button>
      {error && <Alert tone="error">{error}</Alert>}
    </div>
  );
}
