"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { signOutOtherSessionsAction } from "./actions";

export function SignOutOthersButton({ count }: { count: number }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string }>();
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-2">
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      <Button
        variant="secondary"
        pending={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await signOutOtherSessionsAction({});
            setMessage(
              result.ok
                ? { tone: "success", text: `Signed out everywhere else (${result.data.ended} session(s) ended).` }
                : { tone: "error", text: result.error },
            );
            router.refresh();
          })
        }
      >
        Sign out everywhere else ({count})
      </Button>
    </div>
  );
}
