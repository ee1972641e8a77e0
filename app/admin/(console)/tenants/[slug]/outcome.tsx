"use client";
// What the tenant page's forms say after an action: the server's own message
// when it refused, or what happened. The page is refreshed either way, so it
// shows the tenant's state as it is now.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import type { ActionResult } from "@/lib/actions";

export type Outcome = { tone: "success" | "error" | "warning"; text: string };

export function useOutcome() {
  const router = useRouter();
  const [outcome, setOutcome] = useState<Outcome>();
  function settle<T>(result: ActionResult<T>, done: (data: T) => Outcome | string): boolean {
    if (result.ok) {
      const said = done(result.data);
      setOutcome(typeof said === "string" ? { tone: "success", text: said } : said);
    } else {
      setOutcome({ tone: "error", text: result.error });
    }
    router.refresh();
    return result.ok;
  }
  return { outcome, settle, clear: () => setOutcome(undefined) };
}

export function OutcomeAlert({ outcome }: { outcome?: Outcome }) {
  return outcome ? <Alert tone={outcome.tone}>{outcome.text}</Alert> : null;
}
