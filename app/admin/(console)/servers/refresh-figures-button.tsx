"use client";
// "Refresh figures now": reads every server's figures at once instead of
// waiting for the background job. A server that does not answer is shown
// unreachable, keeping the figures of when it was last seen.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { refreshFiguresAction } from "./actions";

export function RefreshFiguresButton() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ error: boolean; text: string }>();
  const refresh = () =>
    startTransition(async () => {
      const result = await refreshFiguresAction({});
      if (!result.ok) setMessage({ error: true, text: result.error });
      else if (result.data.unreachable.length > 0)
        setMessage({ error: true, text: `Unreachable: ${result.data.unreachable.map((u) => u.name).join(", ")}.` });
      else setMessage({ error: false, text: `Figures of ${result.data.servers} server(s) refreshed.` });
      router.refresh();
    });
  return (
    <div className="flex flex-col items-end gap-1">
      <Button variant="secondary" pending={pending} onClick={refresh}>
        Refresh figures now
      </Button>
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
