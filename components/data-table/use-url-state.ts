"use client";
// Navigates to the same page with changed search parameters inside a
// transition, so the current rows stay on screen while the server renders the next.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTransition } from "react";
import { nextSearch, type ParamChanges } from "./url-state";

export function useUrlState(defaults: ParamChanges = {}) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [isPending, startTransition] = useTransition();

  function navigate(changes: ParamChanges, { replace = false }: { replace?: boolean } = {}) {
    const href = `${pathname}${nextSearch(searchParams.toString(), changes, defaults)}`;
    startTransition(() => {
      if (replace) router.replace(href, { scroll: false });
      else router.push(href, { scroll: false });
    });
  }

  return { searchParams, navigate, isPending };
}
