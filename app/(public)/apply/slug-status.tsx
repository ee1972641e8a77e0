"use client";
// Says, as the applicant types, whether the slug is valid and free: the rules
// are checked at once in the browser, the database 300 ms after typing stops.
import { useEffect, useState } from "react";
import { slugProblem } from "@/lib/platform/slugs";
import { checkSlugAction } from "./actions";

type Status =
  | { state: "idle" }
  | { state: "checking" }
  | { state: "available" }
  | { state: "invalid" | "taken" | "error"; message: string };

const DEBOUNCE_MS = 300;

export function useSlugStatus(slug: string): Status {
  const [status, setStatus] = useState<Status>({ state: "idle" });
  const normalized = slug.trim().toLowerCase();
  const problem = normalized ? slugProblem(normalized) : null;

  useEffect(() => {
    if (!normalized || problem) return;
    let current = true; // an answer for an older slug must not overwrite a newer one
    setStatus({ state: "checking" });
    const timer = setTimeout(async () => {
      const result = await checkSlugAction({ slug: normalized }).catch(() => null);
      if (!current) return;
      if (!result) setStatus({ state: "error", message: "Could not check the slug just now." });
      else if (!result.ok) setStatus({ state: "error", message: result.error });
      else if (result.data.available) setStatus({ state: "available" });
      else setStatus({ state: result.data.reason, message: result.data.message });
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [normalized, problem]);

  if (!normalized) return { state: "idle" };
  if (problem) return { state: "invalid", message: problem };
  return status;
}

export function SlugStatus({ slug, appUrl }: { slug: string; appUrl: string }) {
  const status = useSlugStatus(slug);
  const address = `${appUrl}/${slug.trim().toLowerCase() || "your-organization"}`;
  return (
    <span className="block space-y-0.5">
      <span className="block">
        Your space's address: <span className="font-mono text-slate-700">{address}</span>
      </span>
      <span aria-live="polite" className="block min-h-4 font-medium" data-testid="slug-status">
        {status.state === "checking" && <span className="text-slate-500">Checking…</span>}
        {status.state === "available" && <span className="text-emerald-700">✓ This address is available.</span>}
        {status.state === "taken" && <span className="text-rose-600">✗ {status.message}</span>}
        {status.state === "invalid" && <span className="text-amber-700">{status.message}</span>}
        {status.state === "error" && <span className="text-slate-500">{status.message}</span>}
      </span>
    </span>
  );
}
