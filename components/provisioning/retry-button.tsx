"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { retryProvisioning } from "./actions";

export function RetryButton({ applicationId }: { applicationId: string }) {
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
            const result = await retryProvisioning({ applicationId });
            if (result.ok) router.refresh();
            else setError(result.error);
          })
        }
      >
        Retry provisioning
      </Button>
      {error && <Alert tone="error">{error}</Alert>}
    </div>
  );
}
